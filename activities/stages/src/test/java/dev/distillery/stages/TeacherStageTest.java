package dev.distillery.stages;

import static dev.distillery.stages.StageFixtures.rows;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.distillery.llm.CompletionBroker;
import dev.distillery.llm.simulated.SimulatedLlmConfig;
import dev.distillery.llm.simulated.SimulatedLlmServer;
import dev.distillery.stages.core.OpenAiChatClients;
import dev.distillery.stages.core.StageServices;
import dev.distillery.stages.core.StageUserException;
import dev.distillery.store.FakeBlobStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** The teacher stage against the simulated endpoint over real HTTP. */
class TeacherStageTest {

  private static List<ObjectNode> questions(int count) {
    return StageFixtures.arithmeticQuestions(count, 1, 20, 2);
  }

  private static StageServices services(SimulatedLlmServer server, Map<String, String> env) {
    return new StageServices(
        StageFixtures.noServices().files(),
        new OpenAiChatClients(server::baseUrl),
        new CompletionBroker(new FakeBlobStore()),
        env);
  }

  private static Map<String, Object> params(int n) {
    Map<String, Object> params = new HashMap<>();
    params.put("base_url", "simulated://test");
    params.put("model", SimulatedLlmConfig.DEFAULT_MODEL);
    params.put("n", n);
    params.put("concurrency", 4);
    return params;
  }

  /** Runs a teacher stage with {@code params} on the first {@code count} {@link #questions}. */
  private static RecordingRowSink run(Map<String, Object> params, int count, StageServices services)
      throws Exception {
    RecordingRowSink sink =
        StageFixtures.run(
            new TeacherStage(),
            "teacher",
            params,
            List.of(rows("dedup", questions(count))),
            services);
    return sink;
  }

  /** {@link #params} with the key read from {@code DISTILL_TEST_KEY}. */
  private static Map<String, Object> keyedParams() {
    Map<String, Object> params = params(1);
    params.put("api_key_env", "DISTILL_TEST_KEY");
    return params;
  }

  @Test
  void writesNAnswersPerQuestionInQuestionOrder() throws Exception {
    try (SimulatedLlmServer server = SimulatedLlmServer.start(SimulatedLlmConfig.defaults())) {
      RecordingRowSink sink = run(params(3), 20, services(server, Map.of()));

      assertEquals(60, sink.rows.size());
      assertEquals(20, server.requestCount(), "one request with n=3 per question");
      for (int i = 0; i < 60; i++) {
        ObjectNode row = sink.rows.get(i);
        assertEquals("arith-1-" + (i / 3), row.get("id").asText());
        assertEquals(i % 3, row.get("sample").asInt());
        assertFalse(row.get("reasoning").asText().isEmpty());
        assertTrue(row.get("response").asText().contains("\\boxed{"));
        assertEquals("stop", row.get("finish_reason").asText());
      }
      assertEquals(20L, sink.counters.get("requests"));
      assertTrue(sink.counters.get("completion_tokens") > 0);
    }
  }

  @Test
  void questionsAnswersOnlyTheFirstQuestionsSoNTimesQuestionsFixesTheTotal() throws Exception {
    try (SimulatedLlmServer server = SimulatedLlmServer.start(SimulatedLlmConfig.defaults())) {
      // 1 x 16, 4 x 4 and 16 x 1 over the same 20 questions: 16 answers each.
      for (int n : new int[] {1, 4, 16}) {
        Map<String, Object> params = params(n);
        params.put("questions", 16 / n);
        RecordingRowSink sink = run(params, 20, services(server, Map.of()));

        assertEquals(16, sink.rows.size(), "n=" + n);
        assertEquals(16 / n, sink.rows.stream().map(r -> r.get("id").asText()).distinct().count());
        assertEquals("arith-1-0", sink.rows.get(0).get("id").asText(), "the first questions");
        assertEquals(16 / n, sink.rowsIn);
      }
    }
  }

  @Test
  void survivesServerErrorsThroughRetries() throws Exception {
    try (SimulatedLlmServer server =
        SimulatedLlmServer.start(SimulatedLlmConfig.builder().failureRate(0.3).build())) {
      Map<String, Object> params = params(1);
      params.put("max_retries", 20);

      RecordingRowSink sink = run(params, 30, services(server, Map.of()));

      assertEquals(30, sink.rows.size());
      assertTrue(server.failedCount() > 0, "faults were injected");
      assertEquals(server.failedCount(), sink.counters.get("retries"));
    }
  }

  @Test
  void twoThousandCompletionsThroughEveryKindOfFaultArriveExactlyOnce() throws Exception {
    try (SimulatedLlmServer server =
        SimulatedLlmServer.start(
            SimulatedLlmConfig.builder()
                .latency(Duration.ofMillis(5))
                .rateLimitRate(0.10)
                .failureRate(0.05)
                // Stalls hold rows up (rows are written in order) but end before the timeout: a
                // request that stalled on both of its timed attempts would fail by design, which
                // with ~20 stalled requests a run happened about one run in three.
                // OpenAiChatClientTest covers timeouts and their retry.
                .stallRate(0.02)
                .stallFor(Duration.ofMillis(1000))
                .malformedRate(0.01)
                .faultSeed(42)
                .build())) {
      Map<String, Object> params = params(2);
      params.put("concurrency", 32);
      params.put("max_retries", 30);
      params.put("timeout_seconds", 5);

      RecordingRowSink sink = run(params, 1000, services(server, Map.of()));

      Set<String> completions = new HashSet<>();
      for (ObjectNode row : sink.rows) {
        assertTrue(
            completions.add(row.get("id").asText() + "#" + row.get("sample").asInt()),
            "duplicate " + row);
      }
      assertEquals(2000, completions.size());
      for (int i = 0; i < 1000; i++) {
        assertTrue(
            completions.contains("arith-1-" + i + "#0")
                && completions.contains("arith-1-" + i + "#1"));
      }
      assertTrue(server.failedCount() > 100, "500s, 429s and malformed bodies were injected");
      assertTrue(server.stalledCount() > 0, "stalls were injected");
      long distinctPrompts =
          questions(1000).stream().map(q -> q.get("question").asText()).distinct().count();
      assertEquals(
          distinctPrompts, sink.counters.get("requests"), "a repeated prompt is paid once");
      assertTrue(sink.counters.get("retries") >= server.failedCount());
      long errors =
          sink.counters.entrySet().stream()
              .filter(e -> e.getKey().startsWith("errors_"))
              .mapToLong(Map.Entry::getValue)
              .sum();
      assertEquals(sink.counters.get("retries"), errors, "every retry is counted by its kind");
      for (String kind : List.of("http_429", "http_500", "malformed")) {
        assertTrue(
            sink.counters.getOrDefault("errors_" + kind, 0L) > 0, kind + ": " + sink.counters);
      }
    }
  }

  @Test
  void askingForMoreSamplesLaterRequestsOnlyTheNewOnes() throws Exception {
    try (SimulatedLlmServer server = SimulatedLlmServer.start(SimulatedLlmConfig.defaults())) {
      StageServices shared = services(server, Map.of());
      List<RecordingRowSink> sinks = new ArrayList<>();
      for (int n : new int[] {1, 4, 16}) {
        RecordingRowSink sink = run(params(n), 10, shared);
        sinks.add(sink);
      }

      assertEquals(160, server.choicesServed(), "each (question, sample) served once in total");
      assertEquals(10L * 4, sinks.get(1).rows.size());
      assertEquals(10L, sinks.get(1).counters.get("completions_reused"));
      assertEquals(40L, sinks.get(2).counters.get("completions_reused"));
      assertEquals(
          sinks.get(0).rows.get(0).get("response"),
          sinks.get(2).rows.get(0).get("response"),
          "sample 0 is the same completion in every run");
    }
  }

  @Test
  void concurrentStagesWaitForCompletionsAlreadyInFlight() throws Exception {
    try (SimulatedLlmServer server =
        SimulatedLlmServer.start(
            SimulatedLlmConfig.builder().latency(Duration.ofMillis(30)).build())) {
      StageServices shared = services(server, Map.of());
      List<CompletableFuture<RecordingRowSink>> runs = new ArrayList<>();
      for (int n : new int[] {16, 1, 4}) {
        runs.add(
            CompletableFuture.supplyAsync(
                () -> {
                  try {
                    return run(params(n), 20, shared);
                  } catch (Exception e) {
                    throw new IllegalStateException(e);
                  }
                }));
      }
      for (var run : runs) {
        run.get();
      }
      assertEquals(20 * 16, server.choicesServed(), "no sample requested twice");
      assertEquals(16 * 20, runs.get(0).get().rows.size());
      assertEquals(4 * 20, runs.get(2).get().rows.size());
    }
  }

  @Test
  void anUnsetKeyVariableIsAUserErrorNamingIt() throws Exception {
    try (SimulatedLlmServer server = SimulatedLlmServer.start(SimulatedLlmConfig.defaults())) {
      StageUserException e =
          assertThrows(
              StageUserException.class, () -> run(keyedParams(), 2, services(server, Map.of())));
      assertTrue(e.getMessage().contains("DISTILL_TEST_KEY"), e.getMessage());
      assertEquals(0, server.requestCount());
    }
  }

  @Test
  void aRejectedKeyFailsAtOnceWithoutLeakingIt() throws Exception {
    try (SimulatedLlmServer server =
        SimulatedLlmServer.start(SimulatedLlmConfig.builder().requireApiKey("right-key").build())) {
      StageUserException e =
          assertThrows(
              StageUserException.class,
              () ->
                  run(
                      keyedParams(),
                      3,
                      services(server, Map.of("DISTILL_TEST_KEY", "wrong-key-123"))));
      assertTrue(e.getMessage().contains("401"), e.getMessage());
      assertFalse(e.getMessage().contains("wrong-key-123"), e.getMessage());
    }
  }
}
