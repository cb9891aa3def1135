package dev.distillery.llm;

/**
 * A chat request failed. {@link #retryable()} is false for errors no retry can fix (400, 401, 403,
 * 404): the message names the endpoint, the model and the status, and says what to check.
 */
public class LlmException extends Exception {
  private final boolean retryable;
  private final int status;

  public LlmException(String message, int status, boolean retryable, Throwable cause) {
    super(message, cause);
    this.status = status;
    this.retryable = retryable;
  }

  public boolean retryable() {
    return retryable;
  }

  /** The HTTP status, or 0 when the failure was not an HTTP response. */
  public int status() {
    return status;
  }
}
