package dev.distillery.llm;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.http.HttpHeaders;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RateLimitHeadersTest {
  private static HttpHeaders headers(Map<String, String> values) {
    return HttpHeaders.of(
        values.entrySet().stream()
            .collect(
                java.util.stream.Collectors.toMap(Map.Entry::getKey, e -> List.of(e.getValue()))),
        (a, b) -> true);
  }

  @Test
  void parsesTheResetFormatsProvidersUse() {
    assertEquals(Duration.ofSeconds(360), RateLimitHeaders.parse("6m0s"));
    assertEquals(Duration.ofMillis(1500), RateLimitHeaders.parse("1.5s"));
    assertEquals(Duration.ofMillis(20), RateLimitHeaders.parse("20ms"));
    assertEquals(Duration.ofSeconds(2), RateLimitHeaders.parse("2"));
    assertEquals(Duration.ZERO, RateLimitHeaders.parse("soon"));
  }

  @Test
  void pausesOnlyWhenABudgetIsSpentForTheLongerReset() {
    assertEquals(
        Optional.empty(),
        RateLimitHeaders.pause(
            headers(
                Map.of("x-ratelimit-remaining-requests", "3", "x-ratelimit-reset-requests", "1s")),
            1));
    assertEquals(
        Optional.of(Duration.ofSeconds(2)),
        RateLimitHeaders.pause(
            headers(
                Map.of(
                    "x-ratelimit-remaining-requests", "0",
                    "x-ratelimit-reset-requests", "250ms",
                    "x-ratelimit-remaining-tokens", "0",
                    "x-ratelimit-reset-tokens", "2s")),
            1));
    assertEquals(
        Optional.of(Duration.ofSeconds(1)),
        RateLimitHeaders.pause(
            headers(
                Map.of("x-ratelimit-remaining-requests", "3", "x-ratelimit-reset-requests", "1s")),
            8),
        "3 left with 8 in flight: wait");
  }
}
