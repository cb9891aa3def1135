package dev.distillery.stages;

import static dev.distillery.stages.StageFixtures.context;
import static dev.distillery.stages.StageFixtures.run;
import static dev.distillery.stages.StageFixtures.userError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.distillery.arithmetic.ArithmeticProblem;
import dev.distillery.arithmetic.ArithmeticProblems;
import dev.distillery.llm.simulated.SimulatedLlmConfig;
import dev.distillery.llm.simulated.SimulatedLlmServer;
import dev.distillery.stages.core.Progress;
import dev.distillery.stages.core.Rows;
import dev.distillery.stages.core.StageContext;
import dev.distillery.stages.core.StageServices;
import dev.distillery.stages.core.StageUserException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The eval stage against the simulated endpoint over real HTTP: it measures the accuracy the
 * simulator was told to have (within the binomial error), writes Evalchemy's results layout with
 * the standard error computed as numpy does, pays for nothing twice, and counts a truncated answer
 * as wrong without asking again.
 */
class EvalStageTest {
  @TempDir Path dir;

  private Path arithmetic(int count) throws IOException {
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      ArithmeticProblem p = ArithmeticProblems.generate(7, i, 50, 2);
      ObjectNode row = Rows.JSON.createObjectNode();
      row.put("id", "q" + i).put("problem", p.question()).put("answer", p.answer());
      lines.add(row.toString());
    }
    Path file = dir.resolve("arith.jsonl");
    Files.write(file, lines);
    return file;
  }

  /**
   * Params evaluating the simulator's default model on one benchmark {@code name} of {@code type}
   * read from {@code file}, {@code repeats} times a question.
   */
  private static Map<String, Object> benchmarkParams(
      String name, Path file, String type, int repeats) {
    Map<String, Object> p = new HashMap<>();
    p.put("base_url", "simulated://eval");
    p.put("model", SimulatedLlmConfig.DEFAULT_MODEL);
    p.put("benchmarks", Map.of(name, file.toString()));
    p.put("types", Map.of(name, type));
    p.put("repeats", Map.of(name, repeats));
    return p;
  }

  private Map<String, Object> params(Path benchmark, int repeats) {
    Map<String, Object> p = benchmarkParams("arith", benchmark, "math", repeats);
    p.put("question_fields", Map.of("arith", "problem"));
    p.put("concurrency", 8);
    return p;
  }

  @Test
  void measuresTheSimulatorsAccuracyAndWritesEvalchemysLayout() throws Exception {
    Path benchmark = arithmetic(60);
    try (SimulatedLlmServer server =
        SimulatedLlmServer.start(SimulatedLlmConfig.builder().accuracy(0.7).build())) {
      RecordingRowSink sink = new RecordingRowSink();
      StageServices services = StageFixtures.simulated(server);
      new EvalStage().run(context("eval", params(benchmark, 5), List.of(), sink, services));

      assertEquals(300, sink.rows.size(), "60 questions x 5 repeats");
      assertEquals(300, server.requestCount(), "one request a question and repeat");
      JsonNode results = Rows.JSON.readTree(sink.files.get(EvalStage.RESULTS));
      JsonNode task = results.get("results").get("arith");
      assertEquals(60, task.get("num_total").asInt());
      assertEquals(5, task.get("num_repeat").asInt());
      JsonNode runs = task.get("run_stats");
      assertEquals(5, runs.size());
      double[] accuracies = new double[5];
      long solved = 0;
      for (int r = 0; r < 5; r++) {
        JsonNode run = runs.get(r);
        assertEquals(r + 1, run.get("repetition").asInt());
        assertEquals(60, run.get("num_total").asInt());
        accuracies[r] = run.get("num_solved").asDouble() / 60;
        assertEquals(accuracies[r], run.get("accuracy").asDouble(), 1e-12);
        solved += run.get("num_solved").asLong();
      }
      long correctRows = sink.rows.stream().filter(r -> r.get("correct").asBoolean()).count();
      assertEquals(solved, correctRows, "run_stats count the rows graded right");
      double mean =
          (accuracies[0] + accuracies[1] + accuracies[2] + accuracies[3] + accuracies[4]) / 5;
      double var = 0;
      for (double a : accuracies) {
        var += (a - mean) * (a - mean) / 5;
      }
      assertEquals(mean, task.get("accuracy_avg").asDouble(), 1e-12);
      assertEquals(Math.sqrt(var) / Math.sqrt(5), task.get("accuracy_std_err").asDouble(), 1e-12);
      assertTrue(task.get("accuracy_std_err").asDouble() > 0, "seeds differ between repeats");
      double sigma = Math.sqrt(0.7 * 0.3 / 300);
      assertTrue(Math.abs(mean - 0.7) < 4 * sigma, "accuracy " + mean + " vs the simulator's 0.7");
      assertEquals("simulated://eval", results.get("config").get("base_url").asText());

      ObjectNode first = sink.rows.get(0);
      assertEquals("arith/q0/0", first.get("id").asText());
      assertEquals(0, first.get("seed").asInt());
      assertEquals(1, sink.rows.get(1).get("seed").asInt(), "repeat i uses seed base + i");
      for (ObjectNode row : sink.rows) {
        boolean right = row.get("correct").asBoolean();
        assertEquals(
            right,
            row.get("extracted").asText().equals(row.get("reference").asText()),
            "integer answers: right exactly when the boxed value is the reference: " + row);
      }
    }
  }

  @Test
  void multipleChoiceIsShuffledPerQuestionAndMeasuresTheSimulatorsAccuracy() throws Exception {
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < 80; i++) {
      ArithmeticProblem p = ArithmeticProblems.generate(9, i, 50, 2);
      long right = Long.parseLong(p.answer());
      ObjectNode row = Rows.JSON.createObjectNode();
      row.put("id", "m" + i).put("question", p.question()).put("answer", p.answer());
      row.putArray("choices").add(right).add(right + 1).add(right - 2).add(right + 5);
      lines.add(row.toString());
    }
    Path file = dir.resolve("mc.jsonl");
    Files.write(file, lines);
    Map<String, Object> p = benchmarkParams("mc", file, "multiple-choice", 3);
    p.put("choice_fields", Map.of("mc", "choices"));
    try (SimulatedLlmServer server =
        SimulatedLlmServer.start(SimulatedLlmConfig.builder().accuracy(0.7).build())) {
      RecordingRowSink sink =
          run(new EvalStage(), "eval", p, List.of(), StageFixtures.simulated(server));

      assertEquals(240, sink.rows.size());
      java.util.Set<String> letters = new java.util.TreeSet<>();
      sink.rows.forEach(r -> letters.add(r.get("reference").asText()));
      assertEquals(java.util.Set.of("A", "B", "C", "D"), letters, "right answers on every letter");
      JsonNode task =
          Rows.JSON.readTree(sink.files.get(EvalStage.RESULTS)).get("results").get("mc");
      double avg = task.get("accuracy_avg").asDouble();
      assertTrue(
          Math.abs(avg - 0.7) < 4 * Math.sqrt(0.7 * 0.3 / 240),
          "multiple-choice accuracy " + avg + " vs the simulator's 0.7");
    }
  }

  @Test
  void aRerunPaysForNothingAndATruncatedAnswerIsWrongWithoutARetry() throws Exception {
    Path benchmark = arithmetic(20);
    try (SimulatedLlmServer server = SimulatedLlmServer.start(SimulatedLlmConfig.defaults())) {
      StageServices services = StageFixtures.simulated(server);
      RecordingRowSink first =
          run(new EvalStage(), "eval", params(benchmark, 3), List.of(), services);
      RecordingRowSink second =
          run(new EvalStage(), "eval", params(benchmark, 3), List.of(), services);
      assertEquals(60, server.requestCount(), "the rerun's 60 answers came from the store");
      assertEquals(
          new String(first.files.get(EvalStage.RESULTS)),
          new String(second.files.get(EvalStage.RESULTS)));

      Map<String, Object> tight = params(benchmark, 1);
      tight.put("max_tokens", 3);
      RecordingRowSink cut = run(new EvalStage(), "eval", tight, List.of(), services);
      assertEquals(80, server.requestCount(), "one request per truncated answer, no retry");
      for (ObjectNode row : cut.rows) {
        assertEquals("length", row.get("finish_reason").asText());
        assertFalse(row.get("correct").asBoolean());
        assertEquals("truncated at max_tokens", row.get("reason").asText());
      }
      assertEquals(20L, cut.counters.get("truncated"));
    }
  }

  /** A sink that fails on its {@code failAt}-th row, as a worker dying mid-stage would stop. */
  private static final class CrashingSink extends RecordingRowSink {
    private final int failAt;
    private int written;

    CrashingSink(int failAt) {
      this.failAt = failAt;
    }

    @Override
    public synchronized void write(ObjectNode row) throws IOException {
      if (++written == failAt) {
        throw new IOException("worker lost");
      }
      super.write(row);
    }
  }

  @Test
  void anEvaluationCutShortResumesWithoutAskingAgainWhatWasAnswered() throws Exception {
    Path benchmark = arithmetic(50);
    try (SimulatedLlmServer server =
        SimulatedLlmServer.start(
            SimulatedLlmConfig.builder().latency(java.time.Duration.ofMillis(5)).build())) {
      StageServices services = StageFixtures.simulated(server);
      Map<String, Object> p = params(benchmark, 2);
      assertThrows(
          IOException.class,
          () ->
              new EvalStage()
                  .run(
                      new StageContext(
                          "s-eval",
                          StageFixtures.params("eval", p),
                          List.of(),
                          new CrashingSink(60),
                          Progress.NONE,
                          services)));
      long before = server.requestCount();
      assertTrue(before >= 59 && before < 100, "cut short after 59 rows: " + before);
      // The first run's 59 written answers (and the requests that finished) are in the store.

      RecordingRowSink sink = run(new EvalStage(), "eval", p, List.of(), services);
      assertEquals(100, sink.rows.size());
      assertTrue(
          server.requestCount() <= 100 + 8,
          "answers obtained before the cut were not asked again; at most the 8 in flight"
              + " (concurrency) were: "
              + server.requestCount());
      assertTrue(sink.counters.get("completions_reused") >= 59, sink.counters.toString());
    }
  }

  @Test
  void aBenchmarkThatIsNotBuiltInNeedsItsType() throws Exception {
    Path benchmark = arithmetic(2);
    Map<String, Object> p = params(benchmark, 1);
    p.remove("types");
    StageUserException e =
        userError(new EvalStage(), "eval", p, List.of(), StageFixtures.noServices());
    assertTrue(e.getMessage().contains("params.types.arith"), e.getMessage());
    assertTrue(e.getMessage().contains("MATH500"), "lists the built-in ones: " + e.getMessage());
  }
}
