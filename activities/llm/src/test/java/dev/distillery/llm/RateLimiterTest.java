package dev.distillery.llm;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Token buckets hold ten seconds' worth and refill continuously; these check the waits. */
class RateLimiterTest {

  private static double secondsFor(ThrowingRunnable action) throws Exception {
    long start = System.nanoTime();
    action.run();
    return (System.nanoTime() - start) / 1e9;
  }

  @FunctionalInterface
  interface ThrowingRunnable {
    void run() throws Exception;
  }

  @Test
  void requestsBeyondTheBurstWaitForTheRate() throws Exception {
    RateLimiter limiter = new RateLimiter(600, 0); // 10/s, a burst of 100
    double burst =
        secondsFor(
            () -> {
              for (int i = 0; i < 100; i++) {
                limiter.acquire(0);
              }
            });
    double next10 =
        secondsFor(
            () -> {
              for (int i = 0; i < 10; i++) {
                limiter.acquire(0);
              }
            });
    assertTrue(burst < 0.5, "the burst is immediate: " + burst);
    assertTrue(next10 > 0.8 && next10 < 3, "10 more at 10/s take about 1 s: " + next10);
  }

  @Test
  void tokensWaitForTheTokenRateAndUnusedEstimatesAreReturned() throws Exception {
    RateLimiter limiter = new RateLimiter(0, 60_000); // 1,000 tokens/s, a burst of 10,000
    limiter.acquire(6_000);
    double second = secondsFor(() -> limiter.acquire(6_000));
    assertTrue(second > 1.5 && second < 4, "2,000 missing tokens take about 2 s: " + second);

    limiter.settle(6_000, 100); // the request used far fewer tokens than estimated
    double third = secondsFor(() -> limiter.acquire(5_000));
    assertTrue(third < 0.5, "the refund made room at once: " + third);
  }

  @Test
  void aCooldownHoldsEveryRequest() throws Exception {
    RateLimiter limiter = RateLimiter.unlimited();
    limiter.coolDown(Duration.ofMillis(300));
    double waited = secondsFor(() -> limiter.acquire(1));
    assertTrue(waited > 0.25, "waited for the cooldown: " + waited);
    assertTrue(secondsFor(() -> limiter.acquire(1)) < 0.1, "then no more");
  }

  @Test
  void aRequestLargerThanTheBucketStillStartsWhenTheBucketIsFull() throws Exception {
    RateLimiter limiter = new RateLimiter(0, 600); // a bucket of 100 tokens
    assertTrue(secondsFor(() -> limiter.acquire(32_000)) < 0.5);
  }

  @Test
  void transient429sNeverCountAsPersistingButAnExhaustedLimitDoesAtOnce() {
    RateLimiter limiter = RateLimiter.unlimited();
    java.util.SplittableRandom random = new java.util.SplittableRandom(1);
    for (int i = 0; i < 200_000; i++) {
      assertFalse(limiter.recordResponse(random.nextDouble() < 0.10), "response " + i);
    }
    int until = 0;
    while (!limiter.recordResponse(true)) {
      until++;
    }
    assertTrue(
        until < RateLimiter.WINDOW, "persisting 429s are noticed within the window: " + until);
    assertTrue(limiter.recordResponse(true));
    for (int i = 0; i < RateLimiter.WINDOW; i++) {
      limiter.recordResponse(false);
    }
    assertFalse(limiter.recordResponse(true), "successes clear the verdict");

    RateLimiter fresh = RateLimiter.unlimited();
    for (int i = 1; i < RateLimiter.PERSISTING; i++) {
      assertFalse(fresh.recordResponse(true), "a few 429s at the start are not yet a pattern");
    }
    assertTrue(fresh.recordResponse(true));
  }
}
