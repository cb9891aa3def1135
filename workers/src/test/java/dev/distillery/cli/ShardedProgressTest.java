package dev.distillery.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.distillery.llm.simulated.SimulatedLlmConfig;
import dev.distillery.llm.simulated.SimulatedLlmServer;
import dev.distillery.worker.Stack;
import dev.distillery.workflow.ExperimentProgress;
import dev.distillery.workflow.StageProgress;
import dev.distillery.workflow.SweepResult;
import dev.distillery.workflow.WorkflowIds;
import io.temporal.api.sdk.v1.WorkflowMetadata;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A sharded teacher's progress is over the whole stage (rows of all shards, percent, rate, time
 * left), never goes backwards, and shows in the CLI and in the stage workflow's Temporal details.
 */
class ShardedProgressTest {
  @TempDir Path home;

  @Test
  void progressCoversAllShardsAndNeverGoesBackwards() throws Exception {
    Files.writeString(
        home.resolve("recipe.yaml"),
        """
        recipe: progress
        stages:
          - id: source
            kind: synthetic-arithmetic
            params: {count: 300, seed: 3, max_operand: 1000}
          - id: teacher
            kind: teacher
            params:
              base_url: simulated://progress
              model: simulated-teacher
              concurrency: 4
              shard_size: 50
              parallel_shards: 2
        """);
    try (SimulatedLlmServer llm =
            SimulatedLlmServer.startWithFixedLatency(
                SimulatedLlmConfig.builder().latency(Duration.ofMillis(60)).build());
        Stack stack = TestStacks.embedded(home, llm, Map.of("DISTILL_CHECKPOINT_SECONDS", "1"))) {
      SweepClient sweeps = TestStacks.submit(stack, home.resolve("recipe.yaml"));
      CompletableFuture<SweepResult> done =
          CompletableFuture.supplyAsync(() -> TestStacks.await(sweeps, "progress"));

      String experiment = WorkflowIds.experiment("progress", "base");
      List<StageProgress> seen = new ArrayList<>();
      List<String> details = new ArrayList<>();
      while (!done.isDone()) {
        Thread.sleep(100);
        ExperimentProgress p = sweeps.experimentProgress(experiment).orElse(null);
        if (p == null || !"teacher".equals(p.currentStage())) {
          continue;
        }
        sweeps.stageProgress(p.currentStageWorkflowId()).ifPresent(seen::add);
        try {
          details.add(
              stack
                  .client()
                  .newUntypedWorkflowStub(p.currentStageWorkflowId())
                  .query("__temporal_workflow_metadata", WorkflowMetadata.class)
                  .getCurrentDetails());
        } catch (RuntimeException e) {
          // The stage just ended.
        }
      }
      assertEquals(0, done.get().failed());

      assertTrue(seen.size() > 5, "the stage ran long enough to be watched: " + seen.size());
      long between = seen.stream().filter(s -> s.rowsDone() > 0 && s.rowsDone() < 300).count();
      assertTrue(between >= 3, "progress moved in steps: " + rows(seen));
      for (int i = 1; i < seen.size(); i++) {
        assertTrue(
            seen.get(i).rowsDone() >= seen.get(i - 1).rowsDone(),
            "progress went backwards: " + rows(seen));
      }
      StageProgress late = seen.get(seen.size() - 1);
      assertEquals(300, late.rowsTotal(), "over all shards, not the ones in flight");
      assertEquals(6, late.shards());
      String line = late.describe(System.currentTimeMillis());
      assertTrue(line.matches("\\d+/300 rows \\(\\d+%\\).*"), line);
      assertTrue(
          seen.stream().anyMatch(s -> s.describe(System.currentTimeMillis()).contains(" left")),
          "some report had a rate and time left");
      assertTrue(
          details.stream()
              .anyMatch(d -> d.matches("(?s)Computing .*\\d+/300 rows \\(\\d+%\\).*shards done.*")),
          "the Temporal UI's details show the stage's progress: " + details);
    }
  }

  private static List<Long> rows(List<StageProgress> seen) {
    return seen.stream().map(StageProgress::rowsDone).toList();
  }
}
