package dev.distillery.llm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.distillery.arithmetic.ArithmeticProblems;
import dev.distillery.llm.simulated.JsonlBytes;
import dev.distillery.llm.simulated.SimulatedLlmConfig;
import dev.distillery.llm.simulated.SimulatedLlmServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class OpenAiBatchClientTest {

  private static final Duration POLL = Duration.ofMillis(20);
  private static final Duration PATIENCE = Duration.ofSeconds(5);

  private static SimulatedLlmConfig fastBatches() {
    return SimulatedLlmConfig.builder().batchDuration(Duration.ofMillis(150)).build();
  }

  private static List<BatchRequestLine> lines(int count) {
    List<BatchRequestLine> lines = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      String question = ArithmeticProblems.generate(31, i, 60, 3).question();
      lines.add(
          new BatchRequestLine(
              "q-" + i,
              new ChatRequest(
                  SimulatedLlmConfig.DEFAULT_MODEL,
                  List.of(ChatMessage.system("Be careful."), ChatMessage.user(question)),
                  1 + i % 3,
                  0.7,
                  i % 5 == 0 ? 6 : 4096,
                  (long) i)));
    }
    return lines;
  }

  private static Map<String, ChatResponse> online(
      SimulatedLlmServer server, List<BatchRequestLine> lines) throws Exception {
    Map<String, ChatResponse> answers = new HashMap<>();
    try (OpenAiChatClient chat = new OpenAiChatClient(EndpointConfig.of(server.baseUrl()))) {
      for (BatchRequestLine line : lines) {
        answers.put(line.customId(), chat.complete(line.request()));
      }
    }
    return answers;
  }

  private static void assertSameAnswer(ChatResponse expected, ChatResponse actual) {
    assertEquals(expected.choices(), actual.choices());
    assertEquals(expected.promptTokens(), actual.promptTokens());
    assertEquals(expected.completionTokens(), actual.completionTokens());
  }

  @Test
  void aCompletedBatchGivesTheOnlineAnswers() throws Exception {
    List<BatchRequestLine> lines = lines(20);
    try (SimulatedLlmServer server =
            SimulatedLlmServer.start(fastBatches().toBuilder().thinkTags(true).build());
        OpenAiBatchClient client = new OpenAiBatchClient(EndpointConfig.of(server.baseUrl()))) {
      String fileId = client.uploadRequests(lines);
      BatchJob created = client.create(fileId);
      assertEquals("validating", created.status());
      assertEquals(fileId, created.inputFileId());
      assertFalse(created.terminal());

      BatchJob done = client.awaitTerminal(created.id(), POLL, PATIENCE);
      assertEquals("completed", done.status());
      assertEquals(20, done.total());
      assertEquals(20, done.completed());
      assertEquals(0, done.failed());
      assertNull(done.errorFileId());
      assertEquals(0, server.requestCount(), "batch traffic leaves the chat counters alone");

      List<BatchResultLine> results = client.results(done);
      Map<String, ChatResponse> expected = online(server, lines);
      assertEquals(20, results.size());
      for (BatchResultLine result : results) {
        assertTrue(result.succeeded(), result.toString());
        assertSameAnswer(expected.get(result.customId()), result.response());
      }
      assertTrue(
          results.stream().anyMatch(r -> r.response().choices().get(0).truncated()),
          "some requests were cut by max_tokens");
      assertEquals(1, server.batchesCreated());
      assertEquals(20, server.batchRequestsServed());
      assertEquals(20, server.completedCount());
    }
  }

  @Test
  void expiredRequestsResubmittedCompleteAndEachIsProcessedOnce() throws Exception {
    List<BatchRequestLine> lines = lines(60);
    SimulatedLlmConfig config = fastBatches().toBuilder().batchExpireRate(0.3).faultSeed(7).build();
    try (SimulatedLlmServer server = SimulatedLlmServer.start(config);
        OpenAiBatchClient client = new OpenAiBatchClient(EndpointConfig.of(server.baseUrl()))) {
      BatchJob first =
          client.awaitTerminal(client.create(client.uploadRequests(lines)).id(), POLL, PATIENCE);
      assertEquals("expired", first.status());
      List<BatchResultLine> firstResults = client.results(first);
      List<BatchResultLine> expired =
          firstResults.stream().filter(r -> !r.succeeded()).collect(Collectors.toList());
      assertTrue(expired.size() >= 9 && expired.size() <= 27, "expired " + expired.size() + "/60");
      for (BatchResultLine result : expired) {
        assertEquals("batch_expired", result.errorCode());
        assertFalse(result.errorMessage().isBlank());
      }
      assertEquals(60, firstResults.size());
      assertEquals(expired.size(), first.failed());
      assertEquals(60 - expired.size(), first.completed());

      Set<String> retry =
          expired.stream().map(BatchResultLine::customId).collect(Collectors.toSet());
      List<BatchRequestLine> resubmission =
          lines.stream().filter(l -> retry.contains(l.customId())).collect(Collectors.toList());
      BatchJob second =
          client.awaitTerminal(
              client.create(client.uploadRequests(resubmission)).id(), POLL, PATIENCE);
      assertEquals("completed", second.status());
      assertEquals(expired.size(), second.completed());

      Map<String, ChatResponse> answers = new HashMap<>();
      for (BatchResultLine result : firstResults) {
        if (result.succeeded()) {
          answers.put(result.customId(), result.response());
        }
      }
      for (BatchResultLine result : client.results(second)) {
        assertTrue(result.succeeded(), result.toString());
        assertNull(answers.put(result.customId(), result.response()), result.customId());
      }
      Map<String, ChatResponse> expected = online(server, lines);
      assertEquals(expected.keySet(), answers.keySet());
      expected.forEach((id, response) -> assertSameAnswer(response, answers.get(id)));
      assertEquals(2, server.batchesCreated());
      assertEquals(60, server.batchRequestsServed());
      assertEquals(0, server.batchCustomIdsServedMoreThanOnce());
      assertEquals(expected.keySet(), server.batchServedCounts().keySet());
    }
  }

  @Test
  void everyRouteRequiresTheApiKey() throws Exception {
    String key = "sk-batch-secret";
    try (SimulatedLlmServer server =
            SimulatedLlmServer.start(fastBatches().toBuilder().requireApiKey(key).build());
        OpenAiBatchClient anonymous = new OpenAiBatchClient(EndpointConfig.of(server.baseUrl()));
        OpenAiBatchClient keyed =
            new OpenAiBatchClient(EndpointConfig.of(server.baseUrl()).withApiKey(key))) {
      LlmException upload =
          assertThrows(LlmException.class, () -> anonymous.uploadRequests(lines(1)));
      assertEquals(401, upload.status());
      assertFalse(upload.retryable());
      assertTrue(upload.getMessage().contains("POST /files"), upload.getMessage());

      String fileId = keyed.uploadRequests(lines(2));
      BatchJob job = keyed.create(fileId);
      for (LlmException e :
          List.of(
              assertThrows(LlmException.class, () -> anonymous.create(fileId)),
              assertThrows(LlmException.class, () -> anonymous.retrieve(job.id())),
              assertThrows(LlmException.class, () -> anonymous.results(fileId)))) {
        assertEquals(401, e.status());
        assertFalse(e.getMessage().contains(key));
      }
      assertEquals("completed", keyed.awaitTerminal(job.id(), POLL, PATIENCE).status());
      try (OpenAiBatchClient wrong =
          new OpenAiBatchClient(EndpointConfig.of(server.baseUrl()).withApiKey(key + "-x"))) {
        LlmException e = assertThrows(LlmException.class, () -> wrong.retrieve(job.id()));
        assertEquals(401, e.status());
        assertFalse(e.getMessage().contains(key), e.getMessage());
      }
    }
  }

  @Test
  void speaksTheOpenAiBatchWireFormat() throws Exception {
    ObjectMapper mapper = new ObjectMapper();
    HttpClient http = HttpClient.newHttpClient();
    List<BatchRequestLine> lines = lines(3);
    byte[] jsonl = OpenAiBatchClient.encodeRequests(lines);
    try (SimulatedLlmServer server = SimulatedLlmServer.start(fastBatches());
        OpenAiBatchClient client = new OpenAiBatchClient(EndpointConfig.of(server.baseUrl()))) {
      String fileId = client.uploadRequests(lines);
      JsonNode file = mapper.readTree(get(http, server.baseUrl() + "/files/" + fileId));
      assertEquals("file", file.path("object").asText());
      assertEquals("batch", file.path("purpose").asText());
      assertEquals(jsonl.length, file.path("bytes").asInt());
      assertEquals(
          new String(jsonl, StandardCharsets.UTF_8),
          get(http, server.baseUrl() + "/files/" + fileId + "/content"));
      JsonNode first = mapper.readTree(new String(jsonl, StandardCharsets.UTF_8).split("\n")[0]);
      assertEquals("/v1/chat/completions", first.path("url").asText());
      assertEquals("q-0", first.path("custom_id").asText());

      BatchJob job = client.awaitTerminal(client.create(fileId).id(), POLL, PATIENCE);
      JsonNode batch = mapper.readTree(get(http, server.baseUrl() + "/batches/" + job.id()));
      assertEquals("batch", batch.path("object").asText());
      assertEquals("/v1/chat/completions", batch.path("endpoint").asText());
      assertEquals("24h", batch.path("completion_window").asText());
      assertEquals(3, batch.path("request_counts").path("total").asInt());
      assertTrue(batch.path("completed_at").isIntegralNumber());
      JsonNode output =
          mapper.readTree(
              get(http, server.baseUrl() + "/files/" + job.outputFileId() + "/content")
                  .split("\n")[0]);
      assertTrue(output.path("id").asText().startsWith("batch_req_"), output.toString());
      assertEquals(200, output.path("response").path("status_code").asInt());
      assertFalse(output.path("response").path("request_id").asText().isEmpty());
      assertEquals("chat.completion", output.path("response").path("body").path("object").asText());
      assertTrue(output.path("error").isNull());
    }
  }

  private static String get(HttpClient http, String url) throws Exception {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(URI.create(url)).GET().build(),
            HttpResponse.BodyHandlers.ofString());
    assertEquals(200, response.statusCode(), url + ": " + response.body());
    return response.body();
  }

  @Test
  void anUnknownBatchIsANonRetryable404() throws Exception {
    try (SimulatedLlmServer server = SimulatedLlmServer.start(fastBatches());
        OpenAiBatchClient client = new OpenAiBatchClient(EndpointConfig.of(server.baseUrl()))) {
      LlmException e = assertThrows(LlmException.class, () -> client.retrieve("batch_missing"));

      assertEquals(404, e.status());
      assertFalse(e.retryable());
      assertTrue(e.getMessage().contains("GET /batches/batch_missing"), e.getMessage());
      assertTrue(e.getMessage().contains(server.baseUrl().toString()), e.getMessage());
      assertEquals(404, assertThrows(LlmException.class, () -> client.results("file-x")).status());
    }
  }

  /**
   * The Batch API turning a poll away with 429 and Retry-After is retried under the endpoint's
   * retry policy, after the wait the endpoint asked for; a 400 is not retried.
   */
  @Test
  void aRateLimitedPollIsRetriedAfterItsRetryAfter() throws Exception {
    String batch =
        "{\"id\":\"batch_1\",\"status\":\"in_progress\",\"input_file_id\":\"file-1\","
            + "\"request_counts\":{\"total\":3,\"completed\":1,\"failed\":0}}";
    try (FakeChatEndpoint endpoint =
            FakeChatEndpoint.replying(
                request ->
                    switch (request.index()) {
                      case 0 ->
                          FakeChatEndpoint.Reply.tooManyRequests(
                              "1", "{\"error\":{\"message\":\"slow\"}}");
                      case 1 -> FakeChatEndpoint.Reply.ok(batch);
                      default ->
                          new FakeChatEndpoint.Reply(
                              400, Map.of(), "{\"error\":{\"message\":\"bad id\"}}");
                    });
        OpenAiBatchClient client =
            new OpenAiBatchClient(
                EndpointConfig.of(endpoint.baseUrl()).withBackoffBase(Duration.ofMillis(1)))) {
      long start = System.nanoTime();
      BatchJob job = client.retrieve("batch_1");
      long waitedMillis = (System.nanoTime() - start) / 1_000_000;

      assertEquals("in_progress", job.status());
      assertEquals(1, job.completed());
      assertEquals(2, endpoint.requestCount());
      assertTrue(waitedMillis >= 950, "waited " + waitedMillis + " ms, not the 1 s asked for");
      LlmException bad = assertThrows(LlmException.class, () -> client.retrieve("batch_1"));
      assertEquals(400, bad.status());
      assertFalse(bad.retryable());
      assertEquals(3, endpoint.requestCount());
    }
  }

  @Test
  void aCancelledBatchProcessesNothing() throws Exception {
    SimulatedLlmConfig config =
        fastBatches().toBuilder().batchDuration(Duration.ofSeconds(30)).build();
    try (SimulatedLlmServer server = SimulatedLlmServer.start(config);
        OpenAiBatchClient client = new OpenAiBatchClient(EndpointConfig.of(server.baseUrl()))) {
      BatchJob job = client.create(client.uploadRequests(lines(3)));
      // The simulator moves a cancelling batch on at once, so the reply may already say so.
      String status = client.cancel(job.id()).status();
      assertTrue(status.equals("cancelling") || status.equals("cancelled"), status);

      BatchJob cancelled = client.awaitTerminal(job.id(), POLL, PATIENCE);
      assertEquals("cancelled", cancelled.status());
      assertTrue(client.results(cancelled).isEmpty());
      assertEquals(0, server.batchRequestsServed());
      LlmException again = assertThrows(LlmException.class, () -> client.cancel(job.id()));
      assertEquals(409, again.status());
      assertFalse(again.retryable());
    }
  }

  @Test
  void anInvalidInputFileFailsTheBatch() throws Exception {
    byte[] jsonl =
        JsonlBytes.of(
            "{\"custom_id\":\"a\",\"method\":\"POST\",\"url\":\"/v1/chat/completions\",\"body\":{}}",
            "{\"custom_id\":\"a\",\"method\":\"GET\",\"url\":\"/v1/embeddings\"}",
            "not json");
    try (SimulatedLlmServer server = SimulatedLlmServer.start(fastBatches());
        OpenAiBatchClient client = new OpenAiBatchClient(EndpointConfig.of(server.baseUrl()))) {
      BatchJob job = client.create(client.uploadJsonl(jsonl, "bad.jsonl"));

      assertEquals("failed", job.status());
      assertTrue(job.terminal());
      assertEquals(0, server.batchRequestsServed());
    }
  }
}
