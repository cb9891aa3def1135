package dev.distillery.llm.simulated;

import static dev.distillery.llm.simulated.SimulatedHttp.chatBody;
import static dev.distillery.llm.simulated.SimulatedHttp.post;
import static dev.distillery.llm.simulated.SimulatedHttp.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The two 429s: a gateway's transient refusal (injected) and the real request limit. */
class SimulatedRateLimitTest {

  private static final String BODY = text(chatBody(SimulatedLlmConfig.DEFAULT_MODEL, "1 + 1?"));

  private static long header(HttpResponse<?> response, String name) {
    return Long.parseLong(response.headers().firstValue(name).orElseThrow(() -> missing(name)));
  }

  private static AssertionError missing(String name) {
    return new AssertionError("no " + name + " header");
  }

  @Test
  void anInjected429ComesAtOnceAndSaysTheLimitIsNotExhausted() throws Exception {
    SimulatedLlmConfig config =
        SimulatedLlmConfig.builder().rateLimitRate(1.0).latency(Duration.ofMillis(500)).build();
    try (SimulatedLlmServer server = SimulatedLlmServer.startWithFixedLatency(config)) {
      long fastest = Long.MAX_VALUE;
      for (int i = 0; i < 3; i++) {
        long start = System.nanoTime();
        HttpResponse<String> response = post(server, BODY);
        fastest = Math.min(fastest, (System.nanoTime() - start) / 1_000_000);

        assertEquals(429, response.statusCode(), response.body());
        assertTrue(response.body().contains("rate_limit_exceeded"), response.body());
        assertEquals("1", response.headers().firstValue("Retry-After").orElse(null));
        for (String kind : new String[] {"requests", "tokens"}) {
          long limit = header(response, "x-ratelimit-limit-" + kind);
          long remaining = header(response, "x-ratelimit-remaining-" + kind);
          assertTrue(remaining > 0 && remaining >= limit * 9 / 10, kind + ": " + remaining);
          assertTrue(remaining < limit, kind + ": " + remaining + " of " + limit);
          assertEquals(
              "1s", response.headers().firstValue("x-ratelimit-reset-" + kind).orElse(null));
        }
        assertEquals(10_000, header(response, "x-ratelimit-limit-requests"));
      }
      // The latency is exactly 500 ms for a request that reaches the model.
      assertTrue(fastest < 250, "an injected 429 took " + fastest + " ms");
      assertEquals(3, server.failedCount());
      assertEquals(0, server.rateLimitedCount(), "the real limit refused nothing");
      assertEquals(0, server.completedCount());
    }
  }

  @Test
  void theRealLimitSaysItIsExhausted() throws Exception {
    SimulatedLlmConfig config = SimulatedLlmConfig.builder().requestsPerMinute(60).build();
    try (SimulatedLlmServer server = SimulatedLlmServer.start(config)) {
      HttpResponse<String> first = post(server, BODY);
      HttpResponse<String> second = post(server, BODY);

      assertEquals(200, first.statusCode(), first.body());
      assertEquals(429, second.statusCode(), second.body());
      assertEquals("1", second.headers().firstValue("Retry-After").orElse(null));
      assertEquals(60, header(second, "x-ratelimit-limit-requests"));
      assertEquals(0, header(second, "x-ratelimit-remaining-requests"));
      String reset = second.headers().firstValue("x-ratelimit-reset-requests").orElseThrow();
      assertTrue(reset.matches("\\d+ms") && !reset.equals("0ms"), reset);
      assertEquals(1, server.rateLimitedCount());
    }
  }
}
