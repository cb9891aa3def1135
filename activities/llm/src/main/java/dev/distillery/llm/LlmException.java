package dev.distillery.llm;

import dev.distillery.http.Retrier;
import dev.distillery.http.RetryDecision;
import java.time.Duration;

/**
 * A chat request failed. {@link #retryable()} is false for errors no retry can fix (400, 401, 403,
 * 404): the message names the endpoint, the model and the status, and says what to check.
 */
public class LlmException extends Exception {
  private final boolean retryable;
  private final int status;
  private final transient Duration retryAfter;

  public LlmException(String message, int status, boolean retryable, Throwable cause) {
    this(message, status, retryable, null, cause);
  }

  /**
   * @param retryAfter the wait the endpoint asked for ({@code Retry-After}); null for none
   */
  public LlmException(
      String message, int status, boolean retryable, Duration retryAfter, Throwable cause) {
    super(message, cause);
    this.status = status;
    this.retryable = retryable;
    this.retryAfter = retryAfter;
  }

  /** What a {@link Retrier} should do next: retry (after any {@code Retry-After}) or stop. */
  public RetryDecision retryDecision() {
    return retryable ? RetryDecision.retryAfter(retryAfter) : RetryDecision.STOP;
  }

  public boolean retryable() {
    return retryable;
  }

  /** The HTTP status, or 0 when the failure was not an HTTP response. */
  public int status() {
    return status;
  }
}
