package dev.distillery.http;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a call under a {@link RetryPolicy}: tries again while the failure's {@link RetryDecision}
 * allows, attempts remain and the policy's elapsed limit is not reached, waiting {@link
 * RetryPolicy#delay} between attempts; then throws the last failure. Thread-safe.
 */
public final class Retrier {
  private static final Logger log = LoggerFactory.getLogger(Retrier.class);

  private final RetryPolicy policy;
  private final Sleeper sleeper;
  private final RandomGenerator random;
  private final LongSupplier nanoTime;

  /** Sleeps with {@link Thread#sleep} and draws jitter from {@link ThreadLocalRandom}. */
  public Retrier(RetryPolicy policy) {
    this(policy, Sleeper.THREAD, ThreadLocalRandom.current(), System::nanoTime);
  }

  /** For tests: the waits, the jitter and the clock are the caller's. */
  public Retrier(
      RetryPolicy policy, Sleeper sleeper, RandomGenerator random, LongSupplier nanoTime) {
    this.policy = Objects.requireNonNull(policy, "policy");
    this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
    this.random = Objects.requireNonNull(random, "random");
    this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
  }

  public RetryPolicy policy() {
    return policy;
  }

  /**
   * Returns the first successful attempt's result.
   *
   * @param what the call, for the log line of each retry
   * @param classify decides from a failure whether to try again and what the server asked for
   * @throws E the last failure, when it is not retryable or the policy allows no more attempts
   */
  public <T, E extends Exception> T call(
      String what, Attempt<T, E> attempt, Function<? super E, RetryDecision> classify)
      throws E, InterruptedException {
    long start = nanoTime.getAsLong();
    for (int number = 1; ; number++) {
      try {
        return attempt.run(number);
      } catch (RuntimeException | InterruptedException e) {
        throw e;
      } catch (Exception e) {
        // An Attempt<T, E> throws only E among checked exceptions.
        @SuppressWarnings("unchecked")
        E failure = (E) e;
        RetryDecision decision = classify.apply(failure);
        if (!decision.retryable() || number >= policy.maxAttempts()) {
          throw failure;
        }
        Duration wait = policy.delay(number, decision.retryAfter(), random);
        if (policy.maxElapsed() != null) {
          Duration elapsed = Duration.ofNanos(nanoTime.getAsLong() - start);
          if (elapsed.plus(wait).compareTo(policy.maxElapsed()) > 0) {
            throw failure;
          }
        }
        log.info(
            "{} failed on attempt {}/{}: {}; retrying in {} ms",
            what,
            number,
            policy.maxAttempts(),
            e.getMessage(),
            wait.toMillis());
        sleeper.sleep(wait);
      }
    }
  }
}
