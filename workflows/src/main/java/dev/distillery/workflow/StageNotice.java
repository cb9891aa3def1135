package dev.distillery.workflow;

/**
 * Sent by a stage workflow to every experiment that joined it: the result, or why it failed.
 *
 * @param key the stage's content address
 * @param result the result when it succeeded, else null
 * @param failure the failure message when it failed, else null
 */
public record StageNotice(String key, StageResult result, String failure) {}
