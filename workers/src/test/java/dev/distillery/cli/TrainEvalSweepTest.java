package dev.distillery.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.distillery.arithmetic.ArithmeticProblems;
import dev.distillery.llm.simulated.SimulatedLlmConfig;
import dev.distillery.llm.simulated.SimulatedLlmServer;
import dev.distillery.plan.StageRef;
import dev.distillery.store.Manifest;
import dev.distillery.store.RowReader;
import dev.distillery.worker.Stack;
import dev.distillery.workflow.ExperimentResult;
import dev.distillery.workflow.StageResult;
import dev.distillery.workflow.SweepResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 16's acceptance for fine-tuning APIs: a sweep whose arms differ in their data size runs
 * data, a fine-tune on the simulated fine-tuning API and an eval of the fine-tuned model on the
 * embedded stack. Each arm's score agrees with the simulator's documented rule, worked out here
 * from the arm's exported rows alone, so the arms come out in the rule's order; running the sweep
 * again pays for no second fine-tune.
 */
class TrainEvalSweepTest {
  private static final Pattern MODEL =
      Pattern.compile("ft:simulated-student:arm:sim-acc-(\\d{4}):[0-9a-f]{8,}");
  private static final Pattern BOXED = Pattern.compile("\\\\boxed\\{([^{}]*)\\}");
  private static final Pattern SCORE = Pattern.compile("(\\d\\.\\d{3}) ± (\\d\\.\\d{3})");

  @TempDir Path home;

  @Test
  void eachArmsFineTunedModelScoresAsItsExportedRowsSayAndARerunTrainsNothing() throws Exception {
    Path benchmark = ArithmeticBenchmark.write(home.resolve("arith.jsonl"), 60, 17, 1000);
    Path sweep = home.resolve("sweep.yaml");
    Files.writeString(
        sweep,
        """
        sweep: train-evals
        parallelism: 2
        recipe:
          recipe: train-eval
          stages:
            - id: source
              kind: synthetic-arithmetic
              params: {count: 20, seed: 5, max_operand: 100}
            - id: teacher
              kind: teacher
              params:
                base_url: simulated://train
                model: simulated-teacher
                max_tokens: 2048
                concurrency: 16
            - id: export
              kind: export
            - id: train
              kind: train
              params:
                trainer: openai-finetune
                base_url: simulated://train
                base_model: simulated-student
                suffix: arm
                poll_seconds: 1
            - id: eval
              kind: eval
              params:
                benchmarks: {arith: %s}
                types: {arith: math}
                repeats: {arith: 4}
                max_tokens: 2048
                concurrency: 16
        grid:
          stages.source.count: [20, 300]
        """
            .formatted(benchmark));
    try (SimulatedLlmServer llm =
            SimulatedLlmServer.start(
                SimulatedLlmConfig.builder()
                    .latency(Duration.ofMillis(1))
                    .fineTuneDuration(Duration.ofMillis(500))
                    .build());
        Stack stack = TestStacks.embedded(home, llm)) {
      // A worker beside the one of `distill run`, as a user's shell has one: it answers queries.
      stack.startWorker(4);
      CliHarness cli = TestStacks.connect(new CliHarness(home), stack);
      cli.env.put("DISTILL_SIMULATOR_URL", llm.baseUrl().toString());

      assertEquals(ExitCodes.OK, cli.run("run", sweep.toString()), cli.out + cli.err);
      Matcher cold = RunCommandTest.summary(cli.out);
      assertEquals("2", cold.group(1), cli.out);
      assertEquals(10, Integer.parseInt(cold.group(3)), "5 stages x 2 arms computed: " + cli.out);
      assertEquals(2, llm.fineTuningJobsCreated(), "one fine-tuning job per arm");

      SweepResult result =
          new SweepClient(stack.client(), stack.blobs()).recordedResult("train-evals");
      List<Arm> arms = new ArrayList<>();
      for (ExperimentResult experiment : result.experiments()) {
        arms.add(arm(stack, experiment));
      }
      for (Arm arm : arms) {
        Matcher model = MODEL.matcher(arm.model());
        assertTrue(model.matches(), "a simulated fine-tuned model: " + arm);
        assertEquals(
            Math.round(arm.expected() * 10_000),
            Long.parseLong(model.group(1)),
            "the model's accuracy is the rule's for its training rows: " + arm);
        double sigma = Math.sqrt(arm.expected() * (1 - arm.expected()) / arm.answers());
        assertTrue(
            Math.abs(arm.score() - arm.expected()) < 4 * sigma,
            "the eval agrees with the rule within 4 sigma (" + sigma + "): " + arm);
      }
      List<Arm> byRule = arms.stream().sorted(Comparator.comparing(Arm::expected)).toList();
      for (int i = 1; i < byRule.size(); i++) {
        assertTrue(
            byRule.get(i).score() > byRule.get(i - 1).score(),
            "arms score in the rule's order: " + byRule);
      }

      assertEquals(ExitCodes.OK, cli.run("results", "train-evals"), cli.err);
      Matcher score = SCORE.matcher(cli.out);
      List<String> shown = new ArrayList<>();
      while (score.find()) {
        shown.add(score.group(1));
      }
      assertEquals(
          arms.stream()
              .map(a -> String.format(java.util.Locale.ROOT, "%.3f", a.score()))
              .sorted()
              .toList(),
          shown.stream().sorted().toList(),
          "results shows each arm's score as avg ± std_err: " + cli.out);

      assertEquals(ExitCodes.OK, cli.run("run", sweep.toString()), cli.out + cli.err);
      Matcher warm = RunCommandTest.summary(cli.out);
      assertEquals("0", warm.group(3), "nothing computed again: " + cli.out);
      assertEquals(2, llm.fineTuningJobsCreated(), "no second fine-tuning job");
    }
  }

  /** An arm's exported rows, the rule's accuracy for them, and what its train and eval gave. */
  private record Arm(
      String experiment,
      long rows,
      long right,
      double expected,
      String model,
      double score,
      long answers) {}

  private static Arm arm(Stack stack, ExperimentResult experiment) throws Exception {
    Map<String, Manifest> stages = new HashMap<>();
    for (StageResult stage : experiment.stages()) {
      stages.put(
          stage.stageId(),
          stack.store().findManifest(new StageRef(stage.kind(), stage.key())).orElseThrow());
    }
    long rows = 0;
    long right = 0;
    try (RowReader reader = stack.store().open(stages.get("export"))) {
      for (ObjectNode row : reader) {
        String question = row.at("/conversations/0/value").asText();
        String answer = row.at("/conversations/1/value").asText();
        Optional<String> expression = ArithmeticProblems.expressionOf(question);
        assertTrue(expression.isPresent(), "an arithmetic question: " + question);
        rows++;
        right +=
            lastBoxed(answer).equals(Long.toString(ArithmeticProblems.evaluate(expression.get())))
                ? 1
                : 0;
      }
    }
    // The simulator's documented rule: 0.2 + 0.75 * c * n / (n + 200).
    double c = (double) right / rows;
    double expected = 0.2 + 0.75 * c * rows / (rows + 200.0);
    String model;
    try (RowReader reader = stack.store().open(stages.get("train"))) {
      model = reader.next().get("model").asText();
    }
    Manifest eval = stages.get("eval");
    JsonNode results =
        SweepClient.JSON.readTree(
            stack
                .blobs()
                .get(
                    eval.ref().folder() + "/" + eval.extraFile("results.json").orElseThrow().name())
                .orElseThrow());
    return new Arm(
        experiment.experiment(),
        rows,
        right,
        expected,
        model,
        results.at("/results/arith/accuracy_avg").asDouble(),
        eval.counters().rowsOut());
  }

  /** The content of the last {@code \boxed{}} of {@code text} without spaces, or "". */
  private static String lastBoxed(String text) {
    Matcher m = BOXED.matcher(text);
    String last = "";
    while (m.find()) {
      last = m.group(1).replaceAll("[\\s,]", "");
    }
    return last;
  }
}
