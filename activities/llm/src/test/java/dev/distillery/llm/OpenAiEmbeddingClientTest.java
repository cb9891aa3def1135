package dev.distillery.llm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OpenAiEmbeddingClientTest {
  private static final String EMBEDDINGS =
      "{\"data\":[{\"index\":1,\"embedding\":[0.5,1]},{\"index\":0,\"embedding\":[2,0.25]}]}";

  private static EndpointConfig fastConfig(FakeChatEndpoint endpoint) {
    return EndpointConfig.of(endpoint.baseUrl())
        .withMaxRetries(3)
        .withBackoffBase(Duration.ofMillis(1))
        .withRequestTimeout(Duration.ofSeconds(5));
  }

  /** 429 with Retry-After, then 503, then the embeddings: waited as asked, retried, in order. */
  @Test
  void retriesRateLimitsAndServerErrorsHonouringRetryAfter() throws Exception {
    try (FakeChatEndpoint endpoint =
            FakeChatEndpoint.replying(
                request ->
                    switch (request.index()) {
                      case 0 -> FakeChatEndpoint.Reply.tooManyRequests("1", "{\"error\":{}}");
                      case 1 -> new FakeChatEndpoint.Reply(503, Map.of(), "busy");
                      default -> FakeChatEndpoint.Reply.ok(EMBEDDINGS);
                    });
        OpenAiEmbeddingClient client = new OpenAiEmbeddingClient(fastConfig(endpoint))) {
      long start = System.nanoTime();
      List<float[]> vectors = client.embed("e5", List.of("a", "b"));
      long waitedMillis = (System.nanoTime() - start) / 1_000_000;

      assertArrayEquals(new float[] {2f, 0.25f}, vectors.get(0));
      assertArrayEquals(new float[] {0.5f, 1f}, vectors.get(1));
      assertEquals(3, endpoint.requestCount());
      assertTrue(waitedMillis >= 950, "waited " + waitedMillis + " ms, not the 1 s asked for");
    }
  }

  /**
   * A 400 (an input over the model's context length, say) fails at once; 500s stop at the limit.
   */
  @Test
  void failsAtOnceOnA400AndAfterMaxRetriesOnServerErrors() throws Exception {
    try (FakeChatEndpoint endpoint =
            FakeChatEndpoint.replying(
                request ->
                    new FakeChatEndpoint.Reply(
                        400, Map.of(), "{\"error\":{\"message\":\"maximum context length\"}}"));
        OpenAiEmbeddingClient client = new OpenAiEmbeddingClient(fastConfig(endpoint))) {
      LlmException e = assertThrows(LlmException.class, () -> client.embed("e5", List.of("a")));
      assertFalse(e.retryable());
      assertEquals(1, endpoint.requestCount());
    }
    try (FakeChatEndpoint endpoint =
            FakeChatEndpoint.replying(
                request -> new FakeChatEndpoint.Reply(500, Map.of(), "oops"));
        OpenAiEmbeddingClient client = new OpenAiEmbeddingClient(fastConfig(endpoint))) {
      LlmException e = assertThrows(LlmException.class, () -> client.embed("e5", List.of("a")));
      assertEquals(500, e.status());
      assertEquals(4, endpoint.requestCount(), "1 attempt + max_retries 3");
    }
  }
}
