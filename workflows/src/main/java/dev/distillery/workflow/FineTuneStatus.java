package dev.distillery.workflow;

/**
 * A fine-tuning job as the stage workflow sees it: small, so it fits in history.
 *
 * @param existing the stage's result when its manifest already exists (then the other fields are
 *     empty)
 * @param jobId the service's job id
 * @param status the service's status: validating_files, queued, running, succeeded, failed or
 *     cancelled
 * @param fineTunedModel the model id, once the job succeeded
 * @param error the service's error message for a failed job, else null
 * @param trainedTokens tokens trained on, as the service reports them (0 until known)
 * @param lastEvent the job's newest event message, for the Temporal UI, or null
 */
public record FineTuneStatus(
    StageResult existing,
    String jobId,
    String status,
    String fineTunedModel,
    String error,
    long trainedTokens,
    String lastEvent) {

  /** Whether the job has ended (succeeded, failed or cancelled). */
  public boolean terminal() {
    return "succeeded".equals(status) || "failed".equals(status) || "cancelled".equals(status);
  }

  /** A status for a stage whose manifest exists. */
  public static FineTuneStatus reused(StageResult existing) {
    return new FineTuneStatus(existing, null, null, null, null, 0, null);
  }
}
