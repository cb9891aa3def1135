package dev.distillery.stages;

import static dev.distillery.stages.StageFixtures.rows;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.distillery.llm.simulated.SimulatedLlmConfig;
import dev.distillery.llm.simulated.SimulatedLlmServer;
import dev.distillery.stages.core.StageServices;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The teacher against an endpoint that behaves as vLLM does: answers cut at max_tokens and seeded
 * samples, end to end over real HTTP.
 */
class TeacherSamplingTest {

  private static List<ObjectNode> questions(int count) {
    return StageFixtures.arithmeticQuestions(count, 3, 50, 4);
  }

  private static Map<String, Object> params(String model, int n, Long seed, int maxTokens) {
    Map<String, Object> params = new HashMap<>();
    params.put("base_url", "simulated://test");
    params.put("model", model);
    params.put("n", n);
    params.put("concurrency", 4);
    params.put("max_tokens", maxTokens);
    if (seed != null) {
      params.put("seed", seed);
    }
    return params;
  }

  private static RecordingRowSink run(
      StageServices services, Map<String, Object> params, List<ObjectNode> questions)
      throws Exception {
    RecordingRowSink sink =
        StageFixtures.run(
            new TeacherStage(), "teacher", params, List.of(rows("dedup", questions)), services);
    return sink;
  }

  /**
   * max_tokens ends inside the reasoning of every answer: vLLM answers 200, content null, the trace
   * under reasoning_content or reasoning. Every answer is a row, each request delivered once.
   */
  @Test
  void truncationInsideTheReasoningCompletesWithEachRequestDeliveredOnce() throws Exception {
    for (String field : List.of("reasoning_content", "reasoning")) {
      try (SimulatedLlmServer server =
          SimulatedLlmServer.start(SimulatedLlmConfig.builder().reasoningField(field).build())) {
        RecordingRowSink sink =
            run(
                StageFixtures.simulated(server),
                params(SimulatedLlmConfig.DEFAULT_MODEL, 2, 5L, 4),
                questions(20));

        assertEquals(40, sink.rows.size(), field);
        for (ObjectNode row : sink.rows) {
          assertEquals("length", row.get("finish_reason").asText(), row.toString());
          assertEquals("", row.get("response").asText(), row.toString());
          assertFalse(row.get("reasoning").asText().isEmpty(), row.toString());
        }
        assertEquals(40L, sink.counters.get("truncated"));
        assertEquals(20, server.distinctRequests());
        assertEquals(1, server.maxDeliveriesOfOneRequest(), "nothing was paid for twice");
        assertEquals(20L, sink.counters.get("requests"));
        assertEquals(0L, sink.counters.getOrDefault("retries", 0L));
      }
    }
  }

  /**
   * With seed 5, n=2 and then n=4 gives, sample by sample, what one n=4 request gives: the top-up
   * for samples 2-3 carries seed 7, so it repeats nothing.
   */
  @Test
  void growingNWithASeedGivesTheSamplesOfOneRequest() throws Exception {
    for (String model : List.of(SimulatedLlmConfig.DEFAULT_MODEL, "simulated-writer")) {
      try (SimulatedLlmServer server = SimulatedLlmServer.start(SimulatedLlmConfig.defaults())) {
        List<ObjectNode> questions = questions(30);
        RecordingRowSink direct =
            run(StageFixtures.simulated(server), params(model, 4, 5L, 4096), questions);

        StageServices topUp = StageFixtures.simulated(server);
        run(topUp, params(model, 2, 5L, 4096), questions);
        RecordingRowSink grown = run(topUp, params(model, 4, 5L, 4096), questions);

        assertEquals(answers(direct), answers(grown), model);
        assertEquals(60L, grown.counters.get("completions_reused"), model);
        if (model.equals("simulated-writer")) {
          // The writer's answers differ per sample: no top-up sample may copy another.
          for (int q = 0; q < questions.size(); q++) {
            List<String> four = answers(grown).subList(4 * q, 4 * q + 4);
            assertEquals(4, new HashSet<>(four).size(), four.toString());
          }
        }
      }
    }
  }

  private static List<String> answers(RecordingRowSink sink) {
    return sink.rows.stream()
        .map(
            r ->
                r.get("id").asText()
                    + "#"
                    + r.get("sample").asInt()
                    + "|"
                    + r.get("reasoning").asText()
                    + "|"
                    + r.get("response").asText())
        .toList();
  }

  @Test
  void aTruncatedAnswerIsNotConfusedWithAnEmptyOne() throws Exception {
    try (SimulatedLlmServer server =
        SimulatedLlmServer.start(SimulatedLlmConfig.builder().emptyContentRate(0.3).build())) {
      RecordingRowSink sink =
          run(
              StageFixtures.simulated(server),
              params(SimulatedLlmConfig.DEFAULT_MODEL, 1, null, 4),
              questions(20));
      assertEquals(20, sink.rows.size());
      assertTrue(server.emptyContentCount() > 0, "empty completions were injected");
      assertEquals(
          server.emptyContentCount(),
          (long) sink.counters.getOrDefault("errors_empty", 0L),
          "each injected empty completion was retried as such");
      sink.rows.forEach(r -> assertEquals("length", r.get("finish_reason").asText()));
    }
  }
}
