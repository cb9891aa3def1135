package dev.distillery.workflow;

/**
 * A Batch API job created for the completions a shard still lacks.
 *
 * @param batchId the provider's batch id, or null when nothing was missing
 * @param requests request lines in the batch
 * @param completions completions they ask for
 */
public record BatchSubmission(String batchId, int requests, long completions) {
  /** Whether a batch was created. */
  public boolean created() {
    return batchId != null;
  }
}
