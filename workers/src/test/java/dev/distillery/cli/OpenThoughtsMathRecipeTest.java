package dev.distillery.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.distillery.arithmetic.ArithmeticProblems;
import dev.distillery.llm.simulated.SimulatedLlmConfig;
import dev.distillery.llm.simulated.SimulatedLlmServer;
import dev.distillery.plan.StageRef;
import dev.distillery.store.Manifest;
import dev.distillery.store.RowReader;
import dev.distillery.store.RowTrace;
import dev.distillery.worker.Stack;
import dev.distillery.workflow.ExecutionSettings;
import dev.distillery.workflow.ExperimentResult;
import dev.distillery.workflow.StageResult;
import dev.distillery.workflow.SweepResult;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 5's acceptance: the final OpenThoughts3 math recipe, as shipped in {@code
 * recipes/openthoughts3/math.yaml}, runs end to end on the embedded stack. A sweep in a temp dir
 * names that file as its recipe and overrides, with one {@code experiments: [{set: ...}]} entry,
 * only the data locations, the endpoints and models (the simulator) and the sizes. The questions
 * are generated here: arithmetic the simulator can answer, with planted exact duplicates and copies
 * of a small benchmark file's questions.
 */
class OpenThoughtsMathRecipeTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int KEEP = 100;
  private static final int ANSWERS = 3;

  /** Word problems unlike the arithmetic: nothing clean comes near them by either rule. */
  private static final List<String> BENCHMARK =
      List.of(
          "Let ABCD be a convex quadrilateral with AB equal to two and the diagonals perpendicular;"
              + " find the largest possible area of the quadrilateral when the perimeter is ten.",
          "A bag holds four red marbles and six blue marbles; three marbles are drawn without"
              + " replacement, what is the probability that exactly two of them are blue?",
          "Find the number of ordered pairs of positive integers whose least common multiple is"
              + " seventy two and whose greatest common divisor is six.",
          "The sequence starts with one and each term after the first is the sum of the squares of"
              + " the digits of the previous term; find the hundredth term of the sequence.",
          "How many subsets of the set of the first twelve positive integers contain no two"
              + " consecutive integers and have exactly four elements?",
          "A circle is inscribed in a right triangle with legs of lengths nine and twelve; compute"
              + " the distance from the center of the circle to the vertex of the right angle.",
          "Determine all real numbers x for which the expression under the square root, the"
              + " cube of x minus four times x, is nonnegative and the result is an integer.",
          "A frog jumps on the vertices of a regular hexagon, moving to an adjacent vertex each"
              + " second; find the expected time until it first reaches the opposite vertex.");

  @TempDir Path home;

  @Test
  void theFinalMathRecipeDropsPlantedDuplicatesAndBenchmarkCopiesAndExportsNAnswersPerKeptQuestion()
      throws Exception {
    Random random = new Random(5);
    Set<String> unique = new LinkedHashSet<>();
    while (unique.size() < 290) {
      unique.add(arithmetic(random));
    }
    List<String> clean = new ArrayList<>(unique);
    List<String> a = new ArrayList<>(clean.subList(0, 160));
    List<String> b = new ArrayList<>(clean.subList(160, 290));
    List<String> duplicates = new ArrayList<>();
    duplicates.addAll(a.subList(0, 10)); // copies within source a
    duplicates.addAll(a.subList(20, 26)); // copies of source a's questions in source b
    List<String> contaminated =
        List.of(
            BENCHMARK.get(0), // verbatim
            BENCHMARK.get(1).toUpperCase(java.util.Locale.ROOT), // only the case differs
            BENCHMARK.get(2).replace("seventy two", "eighty four"), // fuzz.ratio still >= 75
            "Warm-up first. " + BENCHMARK.get(3) + " Explain each step.", // shares 13-grams
            BENCHMARK.get(4),
            BENCHMARK.get(5).replace("nine", "five")); // fuzz.ratio still >= 75
    a.addAll(duplicates.subList(0, 10));
    a.addAll(contaminated.subList(0, 3));
    b.addAll(duplicates.subList(10, 16));
    b.addAll(contaminated.subList(3, 6));
    java.util.Collections.shuffle(a, random);
    java.util.Collections.shuffle(b, random);
    // The recipe maps question and answer to the columns `problem` and `answer`.
    Path sourceA = writeQuestions("a.jsonl", a, "problem");
    Path sourceB = writeQuestions("b.jsonl", b, "problem");
    // Like MATH-500 and AIME, the benchmark names its question `problem`.
    Path benchmark = writeQuestions("benchmark.jsonl", BENCHMARK, "problem");
    Path recipe = Path.of(CliHarness.repo("recipes/openthoughts3/math.yaml")).toAbsolutePath();
    Path arithmetic = ArithmeticBenchmark.write(home.resolve("arith.jsonl"), 5, 3, 100);

    try (SimulatedLlmServer llm = TestStacks.simulator(2);
        Stack stack = TestStacks.embedded(home, llm)) {
      String url = llm.baseUrl().toString();
      Path sweep = home.resolve("sweep.yaml");
      Files.writeString(
          sweep,
          String.join(
              "\n",
              "sweep: ot3-math-acceptance",
              "recipe: " + recipe,
              "experiments:",
              "  - name: synthetic",
              "    set:",
              "      stages.source_a.path: " + sourceA,
              "      stages.source_b.path: " + sourceB,
              "      stages.mix.total: 400", // 200 a source: every row of both
              "      stages.decontaminate.benchmarks: [" + benchmark + "]",
              "      stages.filter.base_url: " + url,
              "      stages.filter.model: " + SimulatedLlmConfig.DEFAULT_MODEL,
              "      stages.filter.max_tokens: 1024",
              "      stages.filter.keep_top: " + KEEP,
              "      stages.teacher.base_url: " + url,
              "      stages.teacher.model: " + SimulatedLlmConfig.DEFAULT_MODEL,
              "      stages.teacher.n: " + ANSWERS,
              "      stages.teacher.max_tokens: 1024",
              // Tuning only (same content addresses): a hosted provider's limits would pace
              // the simulator for no reason.
              "      stages.teacher.requests_per_minute: 0",
              "      stages.teacher.tokens_per_minute: 0",
              // Stand-ins (they train and serve nothing) for llamafactory-cli and vllm serve.
              "      stages.train.command: python3 " + standIn("stand-in-trainer.py") + " {config}",
              "      stages.eval.serve: python3 "
                  + standIn("stand-in-serve.py")
                  + " {model} --port {port}",
              "      stages.eval.benchmarks: {arith: " + arithmetic + "}",
              "      stages.eval.types: {arith: math}",
              "      stages.eval.repeats: {arith: 2}",
              ""));
      stack.startWorker(8);
      SweepClient sweeps =
          TestStacks.submit(stack, SweepFiles.plan(sweep), new ExecutionSettings(30, 5));
      SweepResult result = sweeps.await("ot3-math-acceptance", null);

      assertEquals(0, result.failed(), result.toString());
      ExperimentResult experiment = result.experiments().get(0);
      Map<String, StageResult> stages = new HashMap<>();
      experiment.stages().forEach(s -> stages.put(s.stageId(), s));
      assertEquals(
          List.of(
              "source_a",
              "source_b",
              "mix",
              "dedup",
              "decontaminate",
              "filter",
              "teacher",
              "answers",
              "export",
              "train",
              "eval"),
          experiment.stages().stream().map(StageResult::stageId).toList());
      // The training command ran on the export with the study's large preset and named its
      // model; the eval served that model with the serve command, then stopped it.
      Manifest train = manifest(stack, stages.get("train"));
      ObjectNode model = rows(stack.store().open(train)).get(0);
      assertEquals("command", model.get("trainer").asText());
      assertTrue(model.get("model").asText().endsWith("output"), model.toString());
      assertTrue(train.extraFile("train.log").isPresent(), train.extraFiles().toString());
      assertTrue(train.extraFile("train.yaml").isPresent(), train.extraFiles().toString());
      Manifest eval = manifest(stack, stages.get("eval"));
      assertEquals(10, eval.counters().rowsOut(), "5 questions asked twice");
      assertTrue(eval.extraFile("serve.log").isPresent(), eval.extraFiles().toString());
      assertTrue(eval.extraFile("results.json").isPresent(), eval.extraFiles().toString());

      assertEquals(a.size() + b.size(), stages.get("mix").rowsOut(), "the mix took every row");
      Manifest dedup = manifest(stack, stages.get("dedup"));
      assertEquals(Map.of("duplicate", (long) duplicates.size()), dedup.counters().dropped());
      assertEquals(
          counts(duplicates),
          counts(questions(rows(stack.store().openDropped(dedup)))),
          "dedup dropped exactly one row per planted copy");

      Manifest decontaminate = manifest(stack, stages.get("decontaminate"));
      assertEquals(
          Set.copyOf(contaminated),
          Set.copyOf(questions(rows(stack.store().openDropped(decontaminate)))),
          "decontaminate dropped exactly the benchmark copies");
      assertEquals(clean.size(), decontaminate.counters().rowsOut());

      // Lineage: a contaminated row is traced from export back to its source and the stage and
      // rule that dropped it; an exported row is kept at every stage, three times by the teacher.
      StageRef export = manifest(stack, stages.get("export")).ref();
      ObjectNode contaminatedRow = rows(stack.store().openDropped(decontaminate)).get(0);
      List<RowTrace.Step> path =
          new RowTrace(stack.store()).trace(export, contaminatedRow.get("id").asText());
      List<String> stageIds = path.stream().map(step -> step.manifest().stageId()).toList();
      assertEquals(
          List.of("mix", "dedup", "decontaminate", "filter", "teacher", "answers", "export"),
          stageIds.subList(1, stageIds.size()));
      RowTrace.Step vanished = path.get(3);
      assertEquals(
          List.of(1L, 1L, 1L, 0L), path.subList(0, 4).stream().map(RowTrace.Step::rows).toList());
      assertEquals("contaminated", vanished.droppedBy().path("reason").asText());
      assertTrue(
          Set.of("ngram", "ratio").contains(vanished.droppedBy().path("rule").asText()),
          vanished.droppedBy().toString());
      assertEquals(benchmark.toString(), vanished.droppedBy().at("/benchmark/file").asText());

      assertEquals(KEEP, stages.get("filter").rowsOut());
      List<ObjectNode> exported = rows(stack.store().open(manifest(stack, stages.get("export"))));
      assertEquals(KEEP * ANSWERS, exported.size(), "kept questions x answers per question");
      Map<String, Integer> answersPerId = new TreeMap<>();
      Set<String> exportedQuestions = new HashSet<>();
      for (ObjectNode row : exported) {
        for (String field : List.of("id", "source", "domain", "conversations")) {
          assertTrue(row.hasNonNull(field), field + " in " + row);
        }
        assertEquals("math", row.get("domain").asText());
        assertTrue(Set.of("math_source_a", "math_source_b").contains(row.get("source").asText()));
        assertEquals("human", row.at("/conversations/0/from").asText());
        assertEquals("gpt", row.at("/conversations/1/from").asText());
        String question = row.at("/conversations/0/value").asText();
        assertTrue(clean.contains(question), "not a generated clean question: " + question);
        assertTrue(row.at("/conversations/1/value").asText().startsWith("<think>\n"));
        answersPerId.merge(row.get("id").asText(), 1, Integer::sum);
        exportedQuestions.add(question);
      }
      assertEquals(KEEP, answersPerId.size());
      List<RowTrace.Step> kept =
          new RowTrace(stack.store()).trace(export, answersPerId.keySet().iterator().next());
      assertEquals(8, kept.size(), "one source, then seven stages");
      assertTrue(kept.stream().allMatch(step -> step.rows() > 0 && step.droppedBy() == null));
      assertEquals(ANSWERS, kept.get(kept.size() - 1).rows());
      answersPerId.forEach((id, n) -> assertEquals(ANSWERS, n, "answers for " + id));
      assertEquals(KEEP, exportedQuestions.size(), "no question twice after exact dedup");
      assertFalse(exportedQuestions.stream().anyMatch(contaminated::contains));
      // The simulator's answers grow with the operations, so response-length keeps the longest.
      assertTrue(
          meanOperations(exportedQuestions) > meanOperations(clean) + 0.5,
          meanOperations(exportedQuestions) + " vs " + meanOperations(clean));
    }
  }

  /** An arithmetic question the simulator solves step by step; more operations, longer answers. */
  private static String arithmetic(Random random) {
    StringBuilder expression = new StringBuilder().append(1 + random.nextInt(99));
    int operations = 1 + random.nextInt(4);
    for (int i = 0; i < operations; i++) {
      expression.append(' ').append("+-*".charAt(random.nextInt(3))).append(' ');
      expression.append(1 + random.nextInt(99));
    }
    return "Compute " + expression + ". Give the final answer in \\boxed{}.";
  }

  private static double meanOperations(java.util.Collection<String> questions) {
    return questions.stream()
        .mapToLong(q -> q.chars().filter(c -> c == '+' || c == '-' || c == '*').count())
        .average()
        .orElseThrow();
  }

  private Path writeQuestions(String name, List<String> questions, String field)
      throws IOException {
    StringBuilder lines = new StringBuilder();
    for (String question : questions) {
      String answer =
          ArithmeticProblems.expressionOf(question)
              .map(e -> Long.toString(ArithmeticProblems.evaluate(e)))
              .orElse("unknown");
      lines.append(JSON.writeValueAsString(Map.of(field, question, "answer", answer)));
      lines.append('\n');
    }
    Path file = home.resolve(name);
    Files.writeString(file, lines);
    return file;
  }

  private static Manifest manifest(Stack stack, StageResult stage) throws IOException {
    return stack.store().findManifest(new StageRef(stage.kind(), stage.key())).orElseThrow();
  }

  private static List<ObjectNode> rows(RowReader reader) throws IOException {
    List<ObjectNode> rows = new ArrayList<>();
    try (reader) {
      for (ObjectNode row = reader.next(); row != null; row = reader.next()) {
        rows.add(row);
      }
    }
    return rows;
  }

  private static List<String> questions(List<ObjectNode> rows) {
    return rows.stream().map(r -> r.get("question").asText()).toList();
  }

  private static Map<String, Long> counts(List<String> values) {
    return values.stream()
        .collect(Collectors.groupingBy(v -> v, TreeMap::new, Collectors.counting()));
  }

  private static PrintWriter quiet() {
    return new PrintWriter(new StringWriter());
  }

  /** A stand-in command of the stages module's tests, shell-quoted. */
  private static String standIn(String name) {
    return "'"
        + Path.of(CliHarness.repo("activities/stages/src/test/resources/" + name)).toAbsolutePath()
        + "'";
  }
}
