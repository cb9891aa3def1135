package dev.distillery.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.http.HttpHeaders;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {
  private static final RetryPolicy POLICY = RetryPolicy.defaults();

  /** A random source that always draws its bound's top or bottom, to hit each end of the range. */
  private static RandomGenerator extreme(boolean top) {
    return new RandomGenerator() {
      @Override
      public long nextLong() {
        throw new UnsupportedOperationException();
      }

      @Override
      public long nextLong(long bound) {
        return top ? bound - 1 : 0;
      }
    };
  }

  @Test
  void ceilingsDoubleFromTheBaseUpToTheMaximum() {
    List<Long> ceilings = new ArrayList<>();
    for (int retry = 1; retry <= 9; retry++) {
      ceilings.add(POLICY.ceiling(retry).toMillis());
    }
    assertEquals(
        List.of(500L, 1_000L, 2_000L, 4_000L, 8_000L, 16_000L, 32_000L, 60_000L, 60_000L),
        ceilings);
    assertEquals(Duration.ofSeconds(60), POLICY.ceiling(10_000), "no overflow");
    assertEquals(Duration.ZERO, POLICY.withBaseDelay(Duration.ZERO).ceiling(3));
  }

  @Test
  void fullJitterSpansZeroToTheCeilingAndEqualJitterItsUpperHalf() {
    for (int retry = 1; retry <= 8; retry++) {
      long ceiling = POLICY.ceiling(retry).toMillis();
      assertEquals(0, POLICY.backoff(retry, extreme(false)).toMillis());
      assertEquals(ceiling, POLICY.backoff(retry, extreme(true)).toMillis());
      RetryPolicy equal = POLICY.withJitter(Jitter.EQUAL);
      assertEquals(ceiling / 2, equal.backoff(retry, extreme(false)).toMillis());
      assertEquals(ceiling, equal.backoff(retry, extreme(true)).toMillis());
    }
    SplittableRandom random = new SplittableRandom(5);
    for (int i = 0; i < 1_000; i++) {
      long full = POLICY.backoff(3, random).toMillis();
      long equal = POLICY.withJitter(Jitter.EQUAL).backoff(3, random).toMillis();
      assertTrue(full >= 0 && full <= 2_000, "full " + full);
      assertTrue(equal >= 1_000 && equal <= 2_000, "equal " + equal);
    }
  }

  @Test
  void retryAfterWinsWhenLongerAndIsCapped() {
    RandomGenerator top = extreme(true);
    assertEquals(Duration.ofSeconds(3), POLICY.delay(1, Duration.ofSeconds(3), top));
    assertEquals(Duration.ofSeconds(16), POLICY.delay(6, Duration.ofSeconds(3), top), "backoff");
    assertEquals(Duration.ofSeconds(60), POLICY.delay(1, Duration.ofHours(1), top), "capped");
    assertEquals(Duration.ofMillis(500), POLICY.delay(1, null, top));
  }

  @Test
  void classifiesStatusesAsOpenAisSdksDo() {
    Map<Integer, Boolean> table =
        Map.ofEntries(
            Map.entry(400, false), // includes vLLM's and OpenAI's context-length errors
            Map.entry(401, false),
            Map.entry(403, false),
            Map.entry(404, false),
            Map.entry(408, true),
            Map.entry(409, true),
            Map.entry(410, false),
            Map.entry(422, false),
            Map.entry(429, true),
            Map.entry(500, true),
            Map.entry(502, true),
            Map.entry(503, true),
            Map.entry(504, true));
    table.forEach(
        (status, retryable) ->
            assertEquals(retryable, RetryPolicy.retryableStatus(status), "HTTP " + status));
    assertTrue(RetryPolicy.retryable(429, "rate_limit_exceeded"));
    assertTrue(RetryPolicy.retryable(503, null));
    assertFalse(RetryPolicy.retryable(429, "insufficient_quota"), "out of credits");
    assertFalse(RetryPolicy.retryable(400, "context_length_exceeded"));
  }

  @Test
  void readsRetryAfterInEveryForm() {
    Instant now = Instant.parse("2026-12-07T03:00:00Z");
    assertEquals(Duration.ofSeconds(7), RetryAfter.parse("7", now));
    assertEquals(Duration.ofMillis(1_500), RetryAfter.parse(" 1.5 ", now));
    assertEquals(Duration.ofSeconds(90), RetryAfter.parse("Mon, 07 Dec 2026 03:01:30 GMT", now));
    assertEquals(Duration.ZERO, RetryAfter.parse("Mon, 07 Dec 2026 02:59:00 GMT", now));
    assertNull(RetryAfter.parse("soon", now));
    assertNull(RetryAfter.parse("-1", now));
    HttpHeaders both =
        HttpHeaders.of(
            Map.of("retry-after-ms", List.of("250"), "Retry-After", List.of("1")), (a, b) -> true);
    assertEquals(Duration.ofMillis(250), RetryAfter.of(both, now), "OpenAI's milliseconds first");
    HttpHeaders none = HttpHeaders.of(Map.of(), (a, b) -> true);
    assertNull(RetryAfter.of(none, now));
  }

  @Test
  void retriesUntilTheAttemptsRunOutWaitingAsThePolicySays() throws Exception {
    List<Duration> waits = new ArrayList<>();
    Retrier retrier =
        new Retrier(POLICY.withMaxAttempts(4), waits::add, extreme(true), System::nanoTime);
    List<Integer> numbers = new ArrayList<>();
    IOException last =
        failEveryAttempt(
            retrier,
            numbers,
            () -> {},
            e ->
                e.getMessage().equals("attempt 2")
                    ? RetryDecision.retryAfter(Duration.ofSeconds(5))
                    : RetryDecision.RETRY);
    assertEquals("attempt 4", last.getMessage());
    assertEquals(List.of(1, 2, 3, 4), numbers);
    assertEquals(
        List.of(Duration.ofMillis(500), Duration.ofSeconds(5), Duration.ofSeconds(2)), waits);
  }

  @Test
  void stopsAtAPermanentFailureAndReturnsTheFirstSuccess() throws Exception {
    List<Duration> waits = new ArrayList<>();
    Retrier retrier = new Retrier(POLICY, waits::add, extreme(true), System::nanoTime);
    IOException permanent = new IOException("HTTP 400");
    assertSame(
        permanent,
        assertThrows(
            IOException.class,
            () ->
                retrier.<String, IOException>call(
                    "test",
                    number -> {
                      throw permanent;
                    },
                    e -> RetryDecision.STOP)));
    assertTrue(waits.isEmpty());
    assertEquals(
        "third",
        retrier.<String, IOException>call(
            "test",
            number -> {
              if (number < 3) {
                throw new IOException("busy");
              }
              return "third";
            },
            e -> RetryDecision.RETRY));
    assertEquals(2, waits.size());
  }

  @Test
  void noRetryStartsPastTheElapsedLimit() {
    long[] clock = {0};
    List<Duration> waits = new ArrayList<>();
    Retrier retrier =
        new Retrier(
            POLICY.withMaxElapsed(Duration.ofSeconds(10)),
            wait -> {
              waits.add(wait);
              clock[0] += wait.toNanos();
            },
            extreme(true),
            () -> clock[0]);
    List<Integer> numbers = new ArrayList<>();
    failEveryAttempt(
        retrier,
        numbers,
        () -> clock[0] += Duration.ofSeconds(1).toNanos(),
        e -> RetryDecision.RETRY);
    // 1 s, wait 0.5 s, 1 s, wait 1 s, 1 s, wait 2 s, 1 s (7.5 s): a 4 s wait would pass 10 s.
    assertEquals(List.of(1, 2, 3, 4), numbers);
    assertEquals(
        List.of(Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(2)), waits);
    assertNull(POLICY.maxElapsed(), "no elapsed limit by default");
  }

  /**
   * Calls {@code retrier} with an attempt that adds its number to {@code numbers}, runs {@code
   * work} and fails with "attempt <number>"; returns the failure the call ends with.
   */
  private static IOException failEveryAttempt(
      Retrier retrier,
      List<Integer> numbers,
      Runnable work,
      Function<IOException, RetryDecision> classify) {
    return assertThrows(
        IOException.class,
        () ->
            retrier.call(
                "test",
                number -> {
                  numbers.add(number);
                  work.run();
                  throw new IOException("attempt " + number);
                },
                classify));
  }
}
