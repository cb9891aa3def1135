package dev.distillery.llm;

/**
 * The fine-tuning API answered 404 for a job id: the endpoint does not know the job (it was lost,
 * for instance by a restarted simulator, or the id belongs to another account), so a caller holding
 * the id should create the job again. Never retryable.
 */
public final class FineTuneJobNotFoundException extends LlmException {
  private final String jobId;

  public FineTuneJobNotFoundException(String jobId, String message, Throwable cause) {
    super(message, 404, false, cause);
    this.jobId = jobId;
  }

  /** The id the endpoint does not know. */
  public String jobId() {
    return jobId;
  }
}
