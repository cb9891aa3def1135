package dev.distillery.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.distillery.config.DistillConfig;
import dev.distillery.llm.simulated.SimulatedLlmConfig;
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
import java.time.Duration;
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
    try (SimulatedLlmServer llm =
            SimulatedLlmServer.start(
                SimulatedLlmConfig.defaults().withLatency(Duration.ofMillis(20)));
        Stack stack =
            Stack.open(
                DistillConfig.fromEnvironment(
                    Map.of(
                        "DISTILL_HOME", home.toString(),
                        "DISTILL_SIMULATOR_URL", llm.baseUrl().toString())),
                Stack.Mode.EMBEDDED,
                0,
                0)) {
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
          CompletableFuture.supplyAsync(() -> await(sweeps, "first"));
      CompletableFuture<SweepResult> b =
          CompletableFuture.supplyAsync(() -> await(sweeps, "second"));
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
      assertEquals(12, computedByKey.size(), "every unique stage was computed");
      computedByKey.forEach((key, n) -> assertEquals(1, n, "computations of " + key));
      assertEquals(questionsSentToTeacher, llm.requestCount(), "one request per question");
    }
  }

  private static SweepResult await(SweepClient sweeps, String name) {
    try {
      return sweeps.await(name, null);
    } catch (InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }

  private static SweepPlan renamed(SweepPlan plan, String name) {
    List<ExperimentPlan> experiments = plan.experiments();
    return new SweepPlan(name, plan.recipe(), plan.parallelism(), experiments);
  }
}
