package dev.distillery.http;

import java.time.Duration;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * How every HTTP client of Distillery retries (chat, embeddings, Batch and fine-tuning APIs,
 * downloads): capped exponential backoff with jitter, a server's {@code Retry-After} honoured up to
 * a cap, and a limit on attempts and on the time spent.
 *
 * <p>Before retry {@code r} (1 for the first retry) the policy waits {@link #backoff} drawn below
 * {@code ceiling(r) = min(maxDelay, baseDelay * 2^(r-1))}; when the server sent {@code
 * Retry-After}, it waits {@code max(backoff, min(retryAfter, maxRetryAfter))}. What is worth a
 * retry is {@link #retryableStatus}: 408, 409, 429 and 5xx, as OpenAI's own SDKs decide, plus
 * connection failures and timeouts (the clients decide those, as only they know whether a request
 * may be sent twice).
 *
 * @param maxAttempts attempts in all, the first included; 1 or more
 * @param baseDelay the ceiling of the first retry's backoff, doubling per retry; not negative
 * @param maxDelay the largest ceiling, whatever the doubling reaches; at least {@code baseDelay}
 * @param jitter how the backoff is drawn below its ceiling
 * @param maxRetryAfter the longest a server's {@code Retry-After} may make a client wait
 * @param maxElapsed no retry starts once this much time has passed since the first attempt (or
 *     would have passed after the wait); null for no limit
 */
public record RetryPolicy(
    int maxAttempts,
    Duration baseDelay,
    Duration maxDelay,
    Jitter jitter,
    Duration maxRetryAfter,
    Duration maxElapsed) {

  /** 6 attempts (5 retries): {@code max_retries}' default for LLM endpoints. */
  public static final int DEFAULT_MAX_ATTEMPTS = 6;

  /** 500 ms for the first retry's ceiling. */
  public static final Duration DEFAULT_BASE_DELAY = Duration.ofMillis(500);

  /** 60 s: the longest wait between attempts, backoff or {@code Retry-After}. */
  public static final Duration DEFAULT_MAX_DELAY = Duration.ofSeconds(60);

  public RetryPolicy {
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be >= 1, was " + maxAttempts);
    }
    Objects.requireNonNull(baseDelay, "baseDelay");
    Objects.requireNonNull(maxDelay, "maxDelay");
    Objects.requireNonNull(jitter, "jitter");
    Objects.requireNonNull(maxRetryAfter, "maxRetryAfter");
    if (baseDelay.isNegative() || maxDelay.compareTo(baseDelay) < 0) {
      throw new IllegalArgumentException(
          "need 0 <= baseDelay <= maxDelay, was " + baseDelay + " and " + maxDelay);
    }
  }

  /** 6 attempts, 500 ms doubling up to 60 s with full jitter, Retry-After up to 60 s. */
  public static RetryPolicy defaults() {
    return new RetryPolicy(
        DEFAULT_MAX_ATTEMPTS,
        DEFAULT_BASE_DELAY,
        DEFAULT_MAX_DELAY,
        Jitter.FULL,
        DEFAULT_MAX_DELAY,
        null);
  }

  /** The defaults with {@code maxRetries + 1} attempts and the given first ceiling. */
  public static RetryPolicy of(int maxRetries, Duration baseDelay) {
    return defaults().withMaxAttempts(maxRetries + 1).withBaseDelay(baseDelay);
  }

  public RetryPolicy withMaxAttempts(int value) {
    return new RetryPolicy(value, baseDelay, maxDelay, jitter, maxRetryAfter, maxElapsed);
  }

  /** This policy with a new first ceiling ({@code maxDelay} raised to it if below). */
  public RetryPolicy withBaseDelay(Duration value) {
    Duration max = value.compareTo(maxDelay) > 0 ? value : maxDelay;
    return new RetryPolicy(maxAttempts, value, max, jitter, maxRetryAfter, maxElapsed);
  }

  public RetryPolicy withJitter(Jitter value) {
    return new RetryPolicy(maxAttempts, baseDelay, maxDelay, value, maxRetryAfter, maxElapsed);
  }

  public RetryPolicy withMaxElapsed(Duration value) {
    return new RetryPolicy(maxAttempts, baseDelay, maxDelay, jitter, maxRetryAfter, value);
  }

  /** Whether a response with this status may succeed when sent again: 408, 409, 429, 5xx. */
  public static boolean retryableStatus(int status) {
    return status == 408 || status == 409 || status == 429 || status >= 500;
  }

  /**
   * {@link #retryableStatus}, except for a 429 whose error code is {@code insufficient_quota}:
   * OpenAI's answer when the account is out of credits or over its spend limit, which waiting does
   * not change.
   *
   * @param errorCode the {@code error.code} of an OpenAI-shaped body; null when there is none
   */
  public static boolean retryable(int status, String errorCode) {
    return retryableStatus(status) && !"insufficient_quota".equals(errorCode);
  }

  /** {@code min(maxDelay, baseDelay * 2^(retry-1))}, the most retry {@code retry} waits. */
  public Duration ceiling(int retry) {
    if (retry < 1) {
      throw new IllegalArgumentException("retry must be >= 1, was " + retry);
    }
    long base = baseDelay.toMillis();
    int shift = Math.min(retry - 1, 62);
    long millis = base > (Long.MAX_VALUE >> shift) ? Long.MAX_VALUE : base << shift;
    return Duration.ofMillis(Math.min(millis, maxDelay.toMillis()));
  }

  /** The backoff before retry {@code retry}: below {@link #ceiling} as {@link #jitter} says. */
  public Duration backoff(int retry, RandomGenerator random) {
    long ceiling = ceiling(retry).toMillis();
    if (ceiling == 0) {
      return Duration.ZERO;
    }
    return Duration.ofMillis(
        switch (jitter) {
          case FULL -> random.nextLong(ceiling + 1);
          case EQUAL -> ceiling / 2 + random.nextLong(ceiling - ceiling / 2 + 1);
        });
  }

  /**
   * The wait before retry {@code retry}: the {@link #backoff}, or the server's {@code retryAfter}
   * (capped at {@link #maxRetryAfter}) when that is longer.
   *
   * @param retryAfter what the server asked for; null when it said nothing
   */
  public Duration delay(int retry, Duration retryAfter, RandomGenerator random) {
    Duration backoff = backoff(retry, random);
    if (retryAfter == null) {
      return backoff;
    }
    Duration asked = retryAfter.compareTo(maxRetryAfter) > 0 ? maxRetryAfter : retryAfter;
    return asked.compareTo(backoff) > 0 ? asked : backoff;
  }
}
