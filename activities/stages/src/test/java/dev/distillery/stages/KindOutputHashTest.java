package dev.distillery.stages;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.distillery.llm.simulated.SimulatedLlmConfig;
import dev.distillery.llm.simulated.SimulatedLlmServer;
import dev.distillery.plan.ContentAddress;
import dev.distillery.recipe.StageKindSpec;
import dev.distillery.recipe.StageKinds;
import dev.distillery.stages.core.Input;
import dev.distillery.stages.core.Rows;
import dev.distillery.stages.core.Stage;
import dev.distillery.stages.core.StageEnvironment;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A kind's output may change only with its version: each kind's registered implementation runs on a
 * fixed small input (LLM kinds against the simulator, which is seeded), twice, and the hash of what
 * it wrote (rows in order, drop counts, dropped rows, extra files) must equal the one recorded for
 * its name and version in {@code src/test/resources/golden/outputs.txt}. Changing what a kind
 * writes fails here until its version is bumped (so no store reuses the old output under the same
 * content address) and the new hash recorded:
 *
 * <pre>
 * ./mvnw -B -q -o -pl activities -am test -Dtest=KindOutputHashTest \
 *     -Dsurefire.failIfNoSpecifiedTests=false -Ddistill.golden.write=true
 * </pre>
 *
 * <p>{@code train} is not covered: its output is what an external training command made (a model
 * folder named by path), not something this code decides.
 */
class KindOutputHashTest {
  private static final Path GOLDEN = Path.of("src/test/resources/golden/outputs.txt");
  private static final Set<String> NOT_COVERED = Set.of("train");
  private static final String MEASURED = "latency_ms";

  private static SimulatedLlmServer server;

  @TempDir Path dir;

  @BeforeAll
  static void startSimulator() throws Exception {
    server = SimulatedLlmServer.start(SimulatedLlmConfig.builder().accuracy(0.7).build());
  }

  @AfterAll
  static void stopSimulator() {
    server.close();
  }

  @Test
  void everyKindsOutputMatchesTheHashRecordedForItsVersion() throws Exception {
    Map<String, String> recorded = read();
    Map<String, String> actual = new TreeMap<>();
    List<String> problems = new ArrayList<>();
    for (StageKindSpec kind : StageKinds.specs()) {
      if (NOT_COVERED.contains(kind.name())) {
        continue;
      }
      String key = kind.name() + "@" + kind.version();
      RecordingRowSink sink = run(kind);
      assertFalse(sink.rows.isEmpty(), kind.name() + " wrote no rows on its fixed input");
      String first = hash(sink);
      String second = hash(run(kind));
      assertEquals(first, second, kind.name() + " wrote different output on the same input");
      actual.put(key, first);
      if (!recorded.containsKey(key)) {
        problems.add(key + ": no output hash recorded for this version; record it");
      } else if (!recorded.get(key).equals(first)) {
        problems.add(
            key
                + ": the output changed without a version bump; bump "
                + kind.getClass().getSimpleName()
                + ".version() and record the new hash");
      }
    }
    if (Boolean.getBoolean("distill.golden.write")) {
      recorded.putAll(actual);
      StringBuilder out = new StringBuilder();
      recorded.forEach((k, v) -> out.append(k).append(' ').append(v).append('\n'));
      Files.writeString(GOLDEN, out);
      return;
    }
    Set<String> covered = new TreeSet<>(StageKinds.names());
    covered.removeAll(NOT_COVERED);
    assertEquals(covered.size(), actual.size(), "every kind but " + NOT_COVERED + " is covered");
    if (!problems.isEmpty()) {
      fail(String.join("\n", problems) + "\n(see KindOutputHashTest's javadoc)");
    }
  }

  @Test
  void aChangedOutputIsCaught() throws Exception {
    StageKindSpec mix = StageKinds.spec("mix").orElseThrow();
    RecordingRowSink sink = run(mix);
    String before = hash(sink);
    sink.rows.get(0).put("question", "changed");
    assertNotEquals(before, hash(sink));
  }

  /** Runs the kind's registered stage on its fixed input. */
  private RecordingRowSink run(StageKindSpec kind) throws Exception {
    Stage stage = ((StageKindDefinition) kind).stage(new StageEnvironment(dir.resolve("train")));
    Map<String, Object> params = new HashMap<>();
    List<Input> inputs = List.of(StageFixtures.rows("source", questions()));
    switch (kind.name()) {
      case "source" -> {
        Files.writeString(dir.resolve("questions.jsonl"), jsonl(questions()));
        params.put("path", "questions.jsonl");
        params.put("base_dir", dir.toString());
        inputs = List.of();
      }
      case "synthetic-arithmetic" -> {
        params.put("count", 20);
        params.put("seed", 3);
        inputs = List.of();
      }
      case "generate-questions" -> {
        params.putAll(endpoint("simulated-writer"));
        params.put("per_seed", 2);
        params.put("seed", 5);
      }
      case "mix" -> {
        params.put("total", 10);
        params.put("weights", Map.of("synthetic", 3, "forum", 1));
        inputs = List.of(StageFixtures.rows("source", twoSources()));
      }
      case "dedup" -> {
        List<ObjectNode> rows = new ArrayList<>(questions());
        rows.add(StageFixtures.q("d1", "forum", questions().get(0).get("question").asText()));
        rows.add(StageFixtures.q("d2", "forum", questions().get(1).get("question").asText() + "!"));
        params.put("method", "fuzzy");
        inputs = List.of(StageFixtures.rows("source", rows));
      }
      case "decontaminate" -> {
        params.put("benchmarks", List.of(benchmark().toString()));
        params.put("question_fields", List.of("problem"));
        inputs = List.of(StageFixtures.rows("source", twoSources()));
      }
      case "filter-questions" -> {
        params.put("keep", 0.5);
        params.put("seed", 2);
      }
      case "score-questions" -> {
        params.put("method", "random");
        params.put("keep", 0.5);
      }
      case "teacher" -> {
        params.putAll(endpoint(SimulatedLlmConfig.DEFAULT_MODEL));
        params.put("n", 2);
        params.put("seed", 1);
      }
      case "filter-answers" -> {
        params.put("method", "verify");
        inputs = List.of(StageFixtures.rows("teacher", answers()));
      }
      case "export" -> inputs = List.of(StageFixtures.rows("teacher", answers()));
      case "eval" -> {
        params.putAll(endpoint(SimulatedLlmConfig.DEFAULT_MODEL));
        params.put("benchmarks", Map.of("arith", benchmark().toString()));
        params.put("types", Map.of("arith", "math"));
        params.put("question_fields", Map.of("arith", "problem"));
        params.put("repeats", Map.of("arith", 2));
        inputs = List.of();
      }
      default -> throw new AssertionError("no fixed input for kind " + kind.name());
    }
    RecordingRowSink sink = new RecordingRowSink();
    stage.run(
        StageFixtures.context(kind.name(), params, inputs, sink, StageFixtures.simulated(server)));
    return sink;
  }

  /**
   * What a stage wrote, hashed: its rows in order (without {@code latency_ms}, the wall time a
   * teacher request took, which is measured, not decided), drop counts, dropped rows and files.
   */
  private static String hash(RecordingRowSink sink) {
    StringBuilder text = new StringBuilder();
    sink.rows.forEach(
        r ->
            text.append(ContentAddress.canonicalJson(r.deepCopy().without(MEASURED))).append('\n'));
    text.append("dropped ").append(sink.dropped).append('\n');
    sink.droppedRows.forEach(r -> text.append(ContentAddress.canonicalJson(r)).append('\n'));
    sink.files.forEach(
        (name, bytes) ->
            text.append("file ").append(name).append(' ').append(ContentAddress.sha256(bytes)));
    return ContentAddress.sha256(text.toString().getBytes(StandardCharsets.UTF_8));
  }

  private static Map<String, Object> endpoint(String model) {
    return Map.of("base_url", "simulated://kinds", "model", model, "concurrency", 4);
  }

  private static List<ObjectNode> questions() {
    return StageFixtures.arithmeticQuestions(12, 1, 20, 2);
  }

  /** The questions, then as many from a forum about other things. */
  private static List<ObjectNode> twoSources() {
    List<ObjectNode> rows = new ArrayList<>(questions());
    for (int i = 0; i < 12; i++) {
      rows.add(
          StageFixtures.q("f" + i, "forum", "How many primes are there below " + i * 17 + "?"));
    }
    return rows;
  }

  /** Teacher rows: two samples a question, one right and one wrong, the last one cut off. */
  private static List<ObjectNode> answers() {
    List<ObjectNode> rows = new ArrayList<>();
    for (ObjectNode q : questions()) {
      for (int sample = 0; sample < 2; sample++) {
        String answer = sample == 0 ? q.get("answer").asText() : "-1";
        rows.add(
            StageFixtures.answered(
                q.deepCopy(),
                sample,
                "Working through " + q.get("id").asText(),
                "The answer is \\boxed{" + answer + "}.",
                rows.size() == 23 ? "length" : "stop"));
      }
    }
    return rows;
  }

  /** A benchmark file holding some of the questions and one more. */
  private Path benchmark() throws Exception {
    List<ObjectNode> rows = new ArrayList<>();
    List<ObjectNode> questions = questions();
    for (int i = 0; i < 4; i++) {
      ObjectNode row = Rows.JSON.createObjectNode();
      row.put("id", "b" + i).put("problem", questions.get(i * 3).get("question").asText());
      row.put("answer", questions.get(i * 3).get("answer").asText());
      rows.add(row);
    }
    Path file = dir.resolve("benchmark.jsonl");
    Files.writeString(file, jsonl(rows));
    return file;
  }

  private static String jsonl(List<ObjectNode> rows) {
    StringBuilder out = new StringBuilder();
    rows.forEach(r -> out.append(r).append('\n'));
    return out.toString();
  }

  private static Map<String, String> read() throws Exception {
    Map<String, String> recorded = new LinkedHashMap<>();
    if (Files.exists(GOLDEN)) {
      for (String line : Files.readAllLines(GOLDEN)) {
        String[] parts = line.split(" ");
        recorded.put(parts[0], parts[1]);
      }
    }
    return new TreeMap<>(recorded);
  }
}
