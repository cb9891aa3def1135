package dev.distillery.http;

import java.time.Duration;

/**
 * What a failed attempt says about the next one: whether a retry may help and, when the server said
 * so, how long it asked to be left alone.
 *
 * @param retryable false for a failure no retry changes (a 400, 401, 404...)
 * @param retryAfter the server's {@code Retry-After}, already parsed; null when it sent none
 */
public record RetryDecision(boolean retryable, Duration retryAfter) {
  /** Give up: the failure is permanent. */
  public static final RetryDecision STOP = new RetryDecision(false, null);

  /** Retry after the policy's backoff. */
  public static final RetryDecision RETRY = new RetryDecision(true, null);

  /** Retry, waiting at least {@code retryAfter} (capped by the policy) when it is not null. */
  public static RetryDecision retryAfter(Duration retryAfter) {
    return new RetryDecision(true, retryAfter);
  }
}
