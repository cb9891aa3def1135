package dev.distillery.workflow;

/**
 * A batch job as its provider reports it.
 *
 * @param status the provider's status (validating, in_progress, completed, expired, ...)
 * @param total request lines
 * @param completed lines answered
 * @param failed lines failed or expired
 * @param terminal true when the batch will change no more
 */
public record BatchState(
    String status, long total, long completed, long failed, boolean terminal) {}
