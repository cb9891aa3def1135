package dev.distillery.stages;

import static dev.distillery.stages.StageFixtures.rows;
import static dev.distillery.stages.StageFixtures.run;
import static dev.distillery.stages.StageFixtures.userError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.distillery.arithmetic.ArithmeticProblems;
import dev.distillery.llm.simulated.SimulatedLlmConfig;
import dev.distillery.llm.simulated.SimulatedLlmServer;
import dev.distillery.stages.core.Input;
import dev.distillery.stages.core.StageUserException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code generate-questions} against the simulator's writer model over HTTP. */
class GenerateQuestionsStageTest {
  private static Map<String, Object> params(String model) {
    Map<String, Object> p = new HashMap<>();
    p.put("base_url", "simulated://writer");
    p.put("model", model);
    p.put("per_seed", 3);
    return p;
  }

  /**
   * Runs generate-questions with {@code params} over {@code inputs}, the writer on {@code server}.
   */
  private static RecordingRowSink generate(
      Map<String, Object> params, List<Input> inputs, SimulatedLlmServer server) throws Exception {
    return run(
        new GenerateQuestionsStage(),
        "generate-questions",
        params,
        inputs,
        StageFixtures.simulated(server));
  }

  @Test
  void topicsGiveFullySyntheticQuestionsThatTheTeacherCanAnswer() throws Exception {
    try (SimulatedLlmServer server = SimulatedLlmServer.start(SimulatedLlmConfig.defaults())) {
      Map<String, Object> p = params("simulated-writer");
      p.put("topics", List.of("geometry", "number theory"));
      RecordingRowSink sink = generate(p, List.of(), server);

      assertEquals(2L, sink.counters.get("requests"), "one request of n=3 per topic");
      long kept = sink.rows.size();
      long duplicates = sink.dropped.getOrDefault("duplicate", 0L);
      assertEquals(6, kept + duplicates);
      for (ObjectNode row : sink.rows) {
        String q = row.get("question").asText();
        assertTrue(ArithmeticProblems.expressionOf(q).isPresent(), "the label is gone: " + q);
        assertTrue(row.get("id").asText().startsWith("gen-"));
        assertEquals("generated", row.get("source").asText());
        assertTrue(
            List.of("geometry", "number theory")
                .contains(row.get("metadata").get("topic").asText()));
      }
      assertEquals(
          kept, sink.rows.stream().map(r -> r.get("id").asText()).distinct().count(), "ids");
    }
  }

  @Test
  void seedQuestionsGiveSemiSyntheticOnesThatRememberTheirSeed() throws Exception {
    try (SimulatedLlmServer server = SimulatedLlmServer.start(SimulatedLlmConfig.defaults())) {
      Map<String, Object> p = params("simulated-writer");
      p.put("per_seed", 2);
      List<ObjectNode> seeds =
          List.of(
              StageFixtures.q("a", "forum", "Prove that there are infinitely many primes."),
              StageFixtures.q("b", "forum", "How many ways can 8 rooks be placed safely?"));
      RecordingRowSink sink = generate(p, List.of(rows("source", seeds)), server);

      assertEquals(2L, sink.counters.get("requests"));
      assertTrue(sink.rows.size() >= 2, sink.rows.toString());
      sink.rows.forEach(
          r -> assertTrue(List.of("a", "b").contains(r.get("metadata").get("seed_id").asText())));
    }
  }

  @Test
  void repliesThatAreNotUsableQuestionsAreDroppedAndCounted() throws Exception {
    try (SimulatedLlmServer server = SimulatedLlmServer.start(SimulatedLlmConfig.defaults())) {
      Map<String, Object> p = params("simulated-writer");
      p.put("topics", List.of("algebra"));
      p.put("min_chars", 500);
      RecordingRowSink sink = generate(p, List.of(), server);
      assertEquals(0, sink.rows.size());
      assertEquals(3L, sink.dropped.get("too_short"));
    }
    assertEquals("What is 2 + 2?", GenerateQuestionsStage.parse("Problem: What is 2 + 2?"));
    assertEquals("Find x.", GenerateQuestionsStage.parse("```\nQuestion - \"Find x.\"\n```"));
    assertEquals("", GenerateQuestionsStage.parse("   "));
  }

  @Test
  void withoutSeedsOrTopicsItSaysWhatToGiveIt() {
    StageUserException e =
        userError(
            new GenerateQuestionsStage(),
            "generate-questions",
            params("m"),
            List.of(),
            StageFixtures.noServices());
    assertTrue(e.getMessage().contains("params.topics"), e.getMessage());
  }
}
