package dev.distillery.llm.simulated;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.distillery.arithmetic.ArithmeticProblems;
import dev.distillery.llm.ChatMessage;
import dev.distillery.llm.ChatRequest;
import dev.distillery.llm.ChatResponse;
import dev.distillery.llm.EndpointConfig;
import dev.distillery.llm.OpenAiChatClient;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class SimulatedLatencyAndFaultsTest {

  private static ChatRequest ask(int index, int n) {
    String question = ArithmeticProblems.generate(77, index, 40, 3).question();
    return new ChatRequest(
        SimulatedLlmConfig.DEFAULT_MODEL, List.of(ChatMessage.user(question)), n, 1.0, 4096, 5L);
  }

  private static OpenAiChatClient client(SimulatedLlmServer server, int concurrency) {
    return new OpenAiChatClient(
        EndpointConfig.of(server.baseUrl())
            .withConcurrency(concurrency)
            .withMaxRetries(10)
            .withBackoffBase(Duration.ofMillis(1))
            .withRequestTimeout(Duration.ofSeconds(5)));
  }

  @Test
  void logNormalLatencyHasTheConfiguredMedianAndALongTail() throws Exception {
    SimulatedLlmConfig config =
        SimulatedLlmConfig.builder()
            .latency(Duration.ofMillis(50))
            .latencyP99(Duration.ofMillis(500))
            .faultSeed(42)
            .build();
    List<Long> latencies = new ArrayList<>();
    try (SimulatedLlmServer server = SimulatedLlmServer.start(config);
        OpenAiChatClient client = client(server, 1)) {
      for (int i = 0; i < 40; i++) {
        latencies.add(client.complete(ask(i, 1)).latencyMillis());
      }
    }
    latencies.sort(null);
    long median = latencies.get(latencies.size() / 2);
    long max = latencies.get(latencies.size() - 1);
    // Client-side latency adds the request's own overhead (tens of ms on a loaded 2-core
    // machine), so the median is bounded loosely above; the draws alone give 50 ms.
    assertTrue(median >= 40 && median <= 110, "median " + median + " ms of " + latencies);
    // A uniform draw around a 50 ms median never exceeds 75 ms; sigma ~1 reaches 3x often.
    assertTrue(max >= 150, "no long tail: " + latencies);
  }

  @Test
  void tokensPerSecondAddsGenerationTimeAfterTheFirstToken() throws Exception {
    SimulatedLlmConfig config = SimulatedLlmConfig.builder().tokensPerSecond(1000).build();
    long generationMillis;
    try (SimulatedLlmServer server = SimulatedLlmServer.start(config);
        OpenAiChatClient client = client(server, 1)) {
      ChatResponse response = client.complete(ask(0, 8));

      generationMillis = response.completionTokens(); // At 1,000 tokens/s.
      assertTrue(generationMillis >= 100, "too few tokens to measure: " + generationMillis);
      assertTrue(
          response.latencyMillis() >= generationMillis
              && response.latencyMillis() < generationMillis + 150,
          response.latencyMillis() + " ms for " + generationMillis + " tokens");
    }
    try (SimulatedLlmServer server = SimulatedLlmServer.start(SimulatedLlmConfig.defaults());
        OpenAiChatClient client = client(server, 1)) {
      // The best of three, so a first connection or a busy machine does not count.
      long instant = Long.MAX_VALUE;
      for (int i = 0; i < 3; i++) {
        instant = Math.min(instant, client.complete(ask(0, 8)).latencyMillis());
      }
      assertTrue(
          instant < generationMillis / 2,
          "without tokens/s " + instant + " ms, with " + generationMillis + " ms");
    }
  }

  @Test
  void aResetClosesTheConnectionWithoutAResponse() throws Exception {
    SimulatedLlmConfig config = SimulatedLlmConfig.builder().resetRate(1.0).build();
    HttpClient http = HttpClient.newHttpClient();
    try (SimulatedLlmServer server = SimulatedLlmServer.start(config)) {
      HttpRequest request =
          HttpRequest.newBuilder(URI.create(server.baseUrl() + "/chat/completions"))
              .header("Content-Type", "application/json")
              .POST(
                  HttpRequest.BodyPublishers.ofString(
                      "{\"model\":\"simulated-teacher\",\"messages\":"
                          + "[{\"role\":\"user\",\"content\":\"hi\"}]}"))
              .build();

      assertThrows(
          IOException.class, () -> http.send(request, HttpResponse.BodyHandlers.ofString()));
      assertEquals(1, server.resetCount());
      assertEquals(1, server.failedCount());
      assertEquals(0, server.completedCount());
    }
  }

  @Test
  void theClientRetriesResetsAndEmptyContentToTheFaultFreeAnswer() throws Exception {
    int count = 200;
    List<ChatResponse> expected = new ArrayList<>();
    try (SimulatedLlmServer clean = SimulatedLlmServer.start(SimulatedLlmConfig.defaults());
        OpenAiChatClient client = client(clean, 1)) {
      for (int i = 0; i < count; i++) {
        expected.add(client.complete(ask(i, 2)));
      }
    }
    SimulatedLlmConfig faulty =
        SimulatedLlmConfig.builder().resetRate(0.10).emptyContentRate(0.05).faultSeed(9).build();
    ExecutorService callers = Executors.newFixedThreadPool(16);
    try (SimulatedLlmServer server = SimulatedLlmServer.start(faulty);
        OpenAiChatClient client = client(server, 16)) {
      List<Future<ChatResponse>> futures = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        int index = i;
        futures.add(callers.submit(() -> client.complete(ask(index, 2))));
      }
      long attempts = 0;
      for (int i = 0; i < count; i++) {
        ChatResponse actual = futures.get(i).get();
        assertEquals(expected.get(i).choices(), actual.choices(), "request " + i);
        assertEquals(expected.get(i).completionTokens(), actual.completionTokens());
        attempts += actual.attempts();
      }
      long requests = server.requestCount();
      assertEquals(attempts, requests, "every attempt reached the server once");
      assertEquals(count, server.distinctRequests(), "retries resend the same body");
      assertEquals(
          requests,
          server.deliveriesByRequest().values().stream().mapToLong(Integer::longValue).sum());
      assertEquals(count, server.completedCount());
      assertEquals(requests - count, server.failedCount());
      assertEquals(server.failedCount(), server.resetCount() + server.emptyContentCount());
      assertTrue(
          server.resetCount() >= 0.05 * requests && server.resetCount() <= 0.15 * requests,
          "resets " + server.resetCount() + " of " + requests);
      assertTrue(
          server.emptyContentCount() >= 0.02 * requests
              && server.emptyContentCount() <= 0.09 * requests,
          "empty " + server.emptyContentCount() + " of " + requests);
    } finally {
      callers.shutdownNow();
    }
  }
}
