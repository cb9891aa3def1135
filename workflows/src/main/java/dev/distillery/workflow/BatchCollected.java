package dev.distillery.workflow;

/**
 * What a finished batch yielded.
 *
 * @param stored completions written to the completion store
 * @param missing completions the batch did not deliver (failed or expired); a new batch asks again
 * @param errors error codes of the failed lines, joined for messages (for example {@code
 *     batch_expired})
 */
public record BatchCollected(long stored, long missing, String errors) {}
