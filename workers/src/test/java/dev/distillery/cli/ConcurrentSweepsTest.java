package dev.distillery.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.distillery.llm.simulated.SimulatedLlmServer;
import dev.distillery.plan.ExperimentPlan;
import dev.distillery.plan.SweepPlan;
import dev.distillery.worker.Stack;
import dev.distillery.workflow.ExecutionSettings;
import dev.distillery.workflow.ExperimentResult;
import dev.distillery.workflow.StageOutcome;
import dev.distillery.workflow.StageResult;
import dev.distillery.workflow.SweepResult;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two sweeps with the same stages, submitted at the same time to one embedded stack: every content
 * address is computed once, and the simulated teacher is asked each question once.
 */
class ConcurrentSweepsTest {
  @TempDir Path home;

  @Test
  void twoIdenticalSweepsSubmittedConcurrentlyComputeEachStageOnce() throws Exception {
    try (SimulatedLlmServer llm = TestStacks.simulator(20);
        Stack stack = TestStacks.embedded(home, llm)) {
      stack.startWorker(8);
      SweepClient sweeps = new SweepClient(stack.client(), stack.blobs());
      SweepPlan demo = SweepFiles.plan(Path.of(CliHarness.repo("recipes/demo/sweep.yaml")));
      SweepPlan first = renamed(demo, "first");
      SweepPlan second = renamed(demo, "second");
      ExecutionSettings settings = new ExecutionSettings(30, 30);
      PrintWriter quiet = new PrintWriter(new StringWriter());

      sweeps.submit(first, settings, quiet);
      sweeps.submit(second, settings, quiet);
      StringWriter again = new StringWriter();
      sweeps.submit(first, settings, new PrintWriter(again, true));
      assertTrue(
          again.toString().startsWith("Attached to running sweep 'first'"), again.toString());

      CompletableFuture<SweepResult> a =
          CompletableFuture.supplyAsync(() -> TestStacks.await(sweeps, "first"));
      CompletableFuture<SweepResult> b =
          CompletableFuture.supplyAsync(() -> TestStacks.await(sweeps, "second"));
      List<SweepResult> results = List.of(a.get(), b.get());

      Map<String, Integer> computedByKey = new HashMap<>();
      long questionsSentToTeacher = 0;
      for (SweepResult result : results) {
        assertEquals(0, result.failed(), result.toString());
        for (ExperimentResult e : result.experiments()) {
          for (StageResult s : e.stages()) {
            if (s.outcome() == StageOutcome.COMPUTED) {
              computedByKey.merge(s.key(), 1, Integer::sum);
              if (s.kind().equals("teacher")) {
                questionsSentToTeacher += s.rowsIn();
              }
            }
          }
        }
      }
      assertEquals(20, computedByKey.size(), "every unique stage was computed");
      computedByKey.forEach((key, n) -> assertEquals(1, n, "computations of " + key));
      // The keep=0.25 questions are the longest quarter, a subset of the keep=0.5 half, and the
      // n=1 teacher's sample 0 is the n=2 teacher's sample 0: every (question, sample) needed is
      // one of the 2 samples of one of the keep=0.5 questions, and each is served once.
      long largestFilteredSet =
          results.get(0).experiments().stream()
              .flatMap(e -> e.stages().stream())
              .filter(s -> s.stageId().equals("filter"))
              .mapToLong(StageResult::rowsOut)
              .max()
              .orElseThrow();
      // The simulator also answers the evaluations of the fine-tuned students, one choice a row.
      long evalAnswers =
          results.stream()
              .flatMap(r -> r.experiments().stream())
              .flatMap(e -> e.stages().stream())
              .filter(s -> s.kind().equals("eval") && s.outcome() == StageOutcome.COMPUTED)
              .mapToLong(StageResult::rowsOut)
              .sum();
      assertEquals(
          2 * largestFilteredSet + evalAnswers,
          llm.choicesServed(),
          "each (question, sample) once");
      assertTrue(questionsSentToTeacher + evalAnswers >= llm.requestCount());
    }
  }

  @Test
  void theAnswersPerQuestionAblationRequestsOnlyTheLargestSetOnce() throws Exception {
    Path recipe = home.resolve("ablation.yaml");
    java.nio.file.Files.writeString(
        recipe,
        """
        recipe: answers-per-question
        stages:
          - id: source
            kind: synthetic-arithmetic
            params: {count: 60, seed: 5}
          - id: dedup
            kind: dedup
          - id: teacher
            kind: teacher
            params: {base_url: "simulated://ablation", model: simulated-teacher, n: 1}
        """);
    Path sweep = home.resolve("ablation-sweep.yaml");
    java.nio.file.Files.writeString(
        sweep,
        """
        sweep: ablation
        recipe: ablation.yaml
        parallelism: 3
        grid:
          stages.teacher.n: [1, 4, 16]
        """);
    try (SimulatedLlmServer llm = TestStacks.simulator(20);
        Stack stack = TestStacks.embedded(home, llm)) {
      stack.startWorker(8);
      SweepClient sweeps =
          TestStacks.submit(stack, SweepFiles.plan(sweep), new ExecutionSettings(30, 30));
      SweepResult result = TestStacks.await(sweeps, "ablation");

      assertEquals(0, result.failed(), result.toString());
      long questions = result.experiments().get(0).stages().get(1).rowsOut();
      assertEquals(questions * 16, llm.choicesServed(), "each (question, sample) served once");
      assertEquals(
          List.of(questions, questions * 4, questions * 16),
          result.experiments().stream().map(e -> e.stages().get(2).rowsOut()).toList());
    }
  }

  private static SweepPlan renamed(SweepPlan plan, String name) {
    List<ExperimentPlan> experiments = plan.experiments();
    return new SweepPlan(name, plan.recipe(), plan.parallelism(), experiments);
  }
}
