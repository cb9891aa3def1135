package dev.distillery.stages;

import static dev.distillery.stages.StageFixtures.rows;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.distillery.arithmetic.ArithmeticProblem;
import dev.distillery.arithmetic.ArithmeticProblems;
import dev.distillery.llm.CompletionBroker;
import dev.distillery.llm.simulated.SimulatedLlmConfig;
import dev.distillery.llm.simulated.SimulatedLlmServer;
import dev.distillery.stages.core.OpenAiChatClients;
import dev.distillery.stages.core.Rows;
import dev.distillery.stages.core.StageServices;
import dev.distillery.stages.core.StageUserException;
import dev.distillery.store.FakeBlobStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The question scores of {@code score-questions}, the LLM ones against the simulator over HTTP. */
class ScoreQuestionsStageTest {
  @TempDir Path dir;

  /** 20 arithmetic questions with 1 to 4 operations (5 of each). */
  private static List<ObjectNode> questions() {
    List<ObjectNode> rows = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      ArithmeticProblem p = ArithmeticProblems.generate(9, i, 9, 1 + i % 4);
      rows.add(Rows.question(p.id(), "synthetic", "math", p.question(), p.answer()));
    }
    return rows;
  }

  private static StageServices services(SimulatedLlmServer server, CompletionBroker broker) {
    return new StageServices(
        StageFixtures.noServices().files(),
        new OpenAiChatClients(server::baseUrl),
        broker,
        Map.of());
  }

  /** The params of an LLM {@code method} against the simulator, and {@code more}. */
  private static Map<String, Object> llm(String method, String model, Map<String, Object> more) {
    Map<String, Object> p = new HashMap<>();
    p.put("method", method);
    p.put("base_url", "simulated://judge");
    p.put("model", model);
    p.put("concurrency", 4);
    p.putAll(more);
    return p;
  }

  /** The params of {@code method} with pos.jsonl and neg.jsonl as examples, and {@code more}. */
  private Map<String, Object> examplesParams(String method, Map<String, Object> more) {
    Map<String, Object> p = new HashMap<>(more);
    p.put("method", method);
    p.put("positives", List.of(dir.resolve("pos.jsonl").toString()));
    p.put("negatives", List.of(dir.resolve("neg.jsonl").toString()));
    return p;
  }

  private RecordingRowSink run(Map<String, Object> params, StageServices services)
      throws Exception {
    return run(questions(), params, services);
  }

  private static RecordingRowSink run(
      List<ObjectNode> input, Map<String, Object> params, StageServices services) throws Exception {
    return StageFixtures.runOver(
        new ScoreQuestionsStage(), "score-questions", params, "dedup", input, services);
  }

  /** Params of {@code method} rating with the simulator's default model, keeping half. */
  private static Map<String, Object> keepHalf(String method) {
    return llm(method, SimulatedLlmConfig.DEFAULT_MODEL, Map.of("keep", 0.5));
  }

  /** Runs the stage with {@code params} against a fresh simulator of default settings. */
  private RecordingRowSink runOnSimulator(Map<String, Object> params) throws Exception {
    try (SimulatedLlmServer server = SimulatedLlmServer.start(SimulatedLlmConfig.defaults())) {
      return run(params, StageFixtures.simulated(server));
    }
  }

  @Test
  void llmDifficultyKeepsTheHardestAndKeepsTheRatingInTheRows() throws Exception {
    try (SimulatedLlmServer server = SimulatedLlmServer.start(SimulatedLlmConfig.defaults())) {
      CompletionBroker broker = new CompletionBroker(new FakeBlobStore());
      Map<String, Object> params = llm("llm-difficulty", "simulated-rater", Map.of("keep_top", 5));
      RecordingRowSink sink = run(params, services(server, broker));

      assertEquals(5, sink.rows.size());
      for (ObjectNode row : sink.rows) {
        assertEquals(row.get("difficulty").asDouble(), row.get("score").asDouble());
        assertEquals("llm-difficulty", row.get("score_method").asText());
        assertTrue(
            row.get("question")
                    .asText()
                    .chars()
                    .filter(c -> c == '*' || c == '+' || c == '-')
                    .count()
                >= 3,
            row.toString());
      }
      assertEquals(20L, sink.counters.get("requests"));
      assertEquals(15L, sink.dropped.get("not_in_top"));

      RecordingRowSink again = run(params, services(server, broker));
      assertEquals(sink.rows, again.rows, "deterministic");
      assertEquals(0L, again.counters.getOrDefault("requests", 0L), "every rating was reused");
      assertEquals(20L, again.counters.get("completions_reused"));
    }
  }

  @Test
  void unreadableRatingsAreCountedAndDroppedAsUnscored() throws Exception {
    // The teacher model answers the question instead of rating it: no JSON.
    RecordingRowSink sink = runOnSimulator(keepHalf("llm-difficulty"));

    assertEquals(0, sink.rows.size());
    assertEquals(20L, sink.counters.get("score_parse_failures"));
    assertEquals(20L, sink.dropped.get("unscored"));
  }

  @Test
  void responseLengthAndAskLlmScoreEveryQuestion() throws Exception {
    RecordingRowSink longest = runOnSimulator(keepHalf("response-length"));
    assertEquals(10, longest.rows.size());
    double shortestKept =
        longest.rows.stream()
            .mapToDouble(r -> r.get("response_length").asDouble())
            .min()
            .orElseThrow();
    assertTrue(shortestKept > 0);

    Map<String, Object> ask =
        llm(
            "askllm",
            "simulated-askllm",
            Map.of("min_score", 50, "examples", List.of("What is 3 * 4 + 5 - 2 * 7?")));
    RecordingRowSink similar = runOnSimulator(ask);
    assertTrue(similar.rows.size() > 0 && similar.rows.size() < 20, similar.rows.toString());
    similar.rows.forEach(r -> assertTrue(r.get("score").asDouble() >= 50, r.toString()));
    assertEquals(20 - similar.rows.size(), similar.dropped.get("below_min_score").intValue());
  }

  @Test
  void randomScoresAreSeededAndTheClassifierTellsSourcesApart() throws Exception {
    RecordingRowSink a = run(Map.of("method", "random", "keep_top", 6, "seed", 1), null);
    RecordingRowSink b = run(Map.of("method", "random", "keep_top", 6, "seed", 1), null);
    RecordingRowSink c = run(Map.of("method", "random", "keep_top", 6, "seed", 2), null);
    assertEquals(a.ids(), b.ids());
    assertNotEquals(a.ids(), c.ids());

    StageServices files = examples(null);
    assertOnlyTheArithmeticKept(
        run(mixed(), examplesParams("classifier", Map.of("min_score", 0.5)), files));

    Map<String, Object> missingFile = examplesParams("classifier", Map.of("keep", 0.5));
    missingFile.put("positives", List.of(dir.resolve("nope.jsonl").toString()));
    StageUserException missing =
        assertThrows(StageUserException.class, () -> run(mixed(), missingFile, files));
    assertTrue(
        missing.getMessage().contains("cannot read params.positives '" + dir.resolve("nope.jsonl")),
        missing.getMessage());
    assertTrue(missing.getMessage().contains("no such file"), missing.getMessage());
  }

  /**
   * Writes 200 arithmetic questions to pos.jsonl and 200 poem prompts to neg.jsonl, and returns
   * services that open local files and reach {@code server} (when not null).
   */
  private StageServices examples(SimulatedLlmServer server) throws Exception {
    Path positives = dir.resolve("pos.jsonl");
    Path negatives = dir.resolve("neg.jsonl");
    StringBuilder pos = new StringBuilder();
    StringBuilder neg = new StringBuilder();
    for (int i = 0; i < 200; i++) {
      ArithmeticProblem p = ArithmeticProblems.generate(5, i, 50, 3);
      pos.append(Rows.JSON.createObjectNode().put("question", p.question())).append('\n');
      neg.append(
              Rows.JSON
                  .createObjectNode()
                  .put("question", "Write a poem about the colour of the sea in week " + i))
          .append('\n');
    }
    Files.writeString(positives, pos);
    Files.writeString(negatives, neg);
    return server == null ? StageFixtures.localFiles() : StageFixtures.simulated(server);
  }

  /** Five arithmetic questions and five poem prompts. */
  private static List<ObjectNode> mixed() {
    List<ObjectNode> mixed = new ArrayList<>(questions().subList(0, 5));
    for (int i = 0; i < 5; i++) {
      mixed.add(
          Rows.question("poem-" + i, "poems", "writing", "Write a poem about rain " + i, null));
    }
    return mixed;
  }

  @Test
  void theEmbeddingScoreKeepsQuestionsCloserToThePositives() throws Exception {
    try (SimulatedLlmServer server = SimulatedLlmServer.start(SimulatedLlmConfig.defaults())) {
      StageServices services = examples(server);
      Map<String, Object> params =
          examplesParams(
              "embedding",
              Map.of(
                  "base_url", "simulated://embed", "model", "simulated-embedding", "keep_top", 5));
      assertOnlyTheArithmeticKept(run(mixed(), params, services));
    }
  }

  /** The five arithmetic questions of {@link #mixed} kept, and no poem prompt. */
  private static void assertOnlyTheArithmeticKept(RecordingRowSink kept) {
    assertEquals(
        List.of("synthetic"),
        kept.rows.stream().map(r -> r.get("source").asText()).distinct().toList());
    assertEquals(5, kept.rows.size());
  }

  @Test
  void badParamsAreUserErrorsNamingTheFix() {
    StageUserException two =
        assertThrows(
            StageUserException.class,
            () -> run(Map.of("method", "random", "keep", 0.5, "keep_top", 3), null));
    assertTrue(two.getMessage().contains("set exactly one of"), two.getMessage());
    StageUserException endpoint =
        assertThrows(
            StageUserException.class,
            () -> run(Map.of("method", "llm-difficulty", "keep", 0.5), null));
    assertTrue(endpoint.getMessage().contains("params.base_url"), endpoint.getMessage());
    StageUserException examples =
        assertThrows(
            StageUserException.class,
            () -> run(llm("askllm", "m", Map.of("keep", 0.5)), StageFixtures.noServices()));
    assertTrue(examples.getMessage().contains("params.examples"), examples.getMessage());
  }
}
