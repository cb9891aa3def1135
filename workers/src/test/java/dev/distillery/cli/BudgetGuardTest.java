package dev.distillery.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.distillery.llm.simulated.SimulatedLlmConfig;
import dev.distillery.llm.simulated.SimulatedLlmServer;
import dev.distillery.worker.Stack;
import dev.distillery.workflow.ExecutionSettings;
import dev.distillery.workflow.SweepResult;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A sweep's token budget pauses the teacher after the shard that used it up; {@code distill status}
 * and {@code distill budget} show the pause, and {@code distill budget --add} resumes it.
 */
class BudgetGuardTest {
  @TempDir Path home;

  @Test
  void samplingPausesAtTheBudgetAndGoesOnWhenItIsRaised() throws Exception {
    Files.writeString(
        home.resolve("recipe.yaml"),
        """
        recipe: budgeted
        stages:
          - id: source
            kind: synthetic-arithmetic
            params: {count: 40, seed: 9, max_operand: 1000}
          - id: teacher
            kind: teacher
            params:
              base_url: simulated://budget
              model: simulated-teacher
              shard_size: 10
              parallel_shards: 1
        """);
    Path sweep = home.resolve("sweep.yaml");
    Files.writeString(
        sweep,
        """
        sweep: budgeted
        recipe: recipe.yaml
        grid:
          stages.teacher.n: [1]
        budget:
          simulated://budget: {tokens: 100}
        """);
    try (SimulatedLlmServer llm =
            SimulatedLlmServer.start(
                SimulatedLlmConfig.defaults().withLatency(Duration.ofMillis(5)));
        Stack stack = TestStacks.embedded(home, llm)) {
      stack.startWorker(4);
      SweepClient sweeps = new SweepClient(stack.client(), stack.blobs());
      sweeps.submit(
          SweepFiles.plan(sweep),
          new ExecutionSettings(30, 30),
          new PrintWriter(new StringWriter()));
      CompletableFuture<SweepResult> done =
          CompletableFuture.supplyAsync(() -> TestStacks.await(sweeps, "budgeted"));
      CliHarness cli = new CliHarness(home);
      TestStacks.connect(cli, stack);

      for (int i = 0; i < 200 && !cli.out.contains("PAUSED"); i++) {
        Thread.sleep(100);
        assertEquals(0, cli.run("status", "budgeted"), cli.err);
      }
      assertTrue(cli.out.contains("PAUSED"), cli.out);
      assertTrue(cli.out.contains("distill budget budgeted --add"), cli.out);
      Thread.sleep(500);
      assertEquals(10, llm.requestCount(), "one shard of 10 questions, then the pause");

      assertEquals(2, cli.run("budget", "budgeted", "--add", "25usd"), cli.out);
      assertTrue(cli.err.contains("limits tokens"), cli.err);
      assertEquals(0, cli.run("budget", "budgeted", "--add", "1000000"), cli.err);
      assertTrue(cli.out.contains("Raised the budget"), cli.out);

      SweepResult result = done.get();
      assertEquals(0, result.failed(), result.toString());
      assertEquals(40, llm.requestCount(), "every question once, none twice");
      assertEquals(40, result.experiments().get(0).stages().get(1).rowsOut());
    }
  }
}
