package dev.distillery.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.distillery.llm.simulated.SimulatedLlmServer;
import dev.distillery.worker.Stack;
import dev.distillery.workflow.ExecutionSettings;
import dev.distillery.workflow.ExperimentResult;
import dev.distillery.workflow.SweepResult;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code distill control} and {@code distill cancel} against a running sweep. */
class ControlCommandsTest {
  @TempDir Path home;

  @Test
  void aSweepIsPausedResizedAndCancelledFromTheCommandLine() throws Exception {
    Path sweep = TestRecipes.slowTeacherSweep(home, "ctl", 1, "0.1, 0.2, 0.3, 0.4", 4);
    try (SimulatedLlmServer llm = TestStacks.simulator(100);
        Stack stack = TestStacks.embedded(home, llm)) {
      stack.startWorker(8);
      SweepClient sweeps =
          TestStacks.submit(stack, SweepFiles.plan(sweep), new ExecutionSettings(30, 5));
      CliHarness cli = TestStacks.connect(new CliHarness(home), stack);
      while (llm.requestCount() == 0) {
        Thread.sleep(50);
      }

      assertEquals(ExitCodes.OK, cli.run("control", "ctl", "--pause", "--parallelism", "2"));
      assertTrue(cli.out.contains("'ctl': paused, at most 2 experiments at once"), cli.out);
      assertEquals(ExitCodes.INVALID_INPUT, cli.run("control", "ctl", "--pause", "--unpause"));
      assertEquals(ExitCodes.INVALID_INPUT, cli.run("control", "ctl", "--parallelism", "0"));
      assertTrue(
          cli.err.contains(
              "sweep 'ctl' refused the change: --parallelism must be at least 1, not 0."),
          cli.err);
      assertEquals(ExitCodes.OK, cli.run("control", "ctl"), cli.err);
      assertTrue(cli.out.contains("'ctl': paused, at most 2 experiments at once"), cli.out);
      assertEquals(ExitCodes.OK, cli.run("cancel", "ctl"), cli.err);
      assertTrue(cli.out.contains("Cancellation requested for ctl"), cli.out);

      SweepResult result = sweeps.await("ctl", null);
      ExperimentResult first = result.experiments().get(0);
      assertEquals("cancelled", first.failure(), first.toString());
      assertEquals(1, first.stages().size(), "the source finished and is kept");
      for (ExperimentResult e : result.experiments().subList(1, 4)) {
        assertEquals("not started", e.failure(), "paused, then cancelled: " + e);
      }
      assertEquals(ExitCodes.UNAVAILABLE, cli.run("cancel", "ctl"));
      assertTrue(cli.err.contains("has no running workflow 'ctl'"), cli.err);
    }
  }
}
