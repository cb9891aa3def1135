package dev.distillery.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.distillery.llm.simulated.SimulatedLlmServer;
import dev.distillery.plan.SweepPlan;
import dev.distillery.worker.Stack;
import dev.distillery.workflow.ExecutionSettings;
import dev.distillery.workflow.ExperimentProgress;
import dev.distillery.workflow.ExperimentStatus;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code distill status} after {@code distill cancel}, while Temporal knows the sweep and after it
 * forgot it: stages that finished (their manifests exist) are done, the rest of each cancelled
 * experiment is cancelled, and the counts add up.
 */
class StatusAfterCancelTest {
  @TempDir Path home;

  @Test
  void finishedStagesStayDoneAndCancelledExperimentsAreCountedAsEnded() throws Exception {
    Path sweep = TestRecipes.slowTeacherSweep(home, "stop", 2, "0.1, 0.2", 2);
    SweepPlan plan = SweepFiles.plan(sweep);
    List<String> names = plan.experiments().stream().map(e -> e.name()).toList();
    try (SimulatedLlmServer llm = TestStacks.simulator(100)) {
      try (Stack stack = TestStacks.embedded(home, llm)) {
        stack.startWorker(8);
        SweepClient sweeps = TestStacks.submit(stack, plan, new ExecutionSettings(30, 5));
        CliHarness cli = TestStacks.connect(new CliHarness(home), stack);
        awaitBothTeaching(sweeps);

        assertEquals(ExitCodes.OK, cli.run("cancel", "stop"), cli.err);
        sweeps.await("stop", null);

        assertEquals(ExitCodes.OK, cli.run("status", "stop"), cli.err);
        assertCancelledAfterTheSource(cli.out, names);
        assertTrue(
            cli.out.contains(
                "Sweep 'stop' cancelled: 2 of 2 experiments ended (0 failed, 2 cancelled),"
                    + " 0 running, 0 waiting."),
            cli.out);
      }

      // The embedded server forgot the sweep; the store's records tell the same.
      CliHarness cli = new CliHarness(home);
      assertEquals(ExitCodes.OK, cli.run("status", "stop"), cli.err);
      assertCancelledAfterTheSource(cli.out, names);
      assertTrue(
          cli.out.contains(
              "Sweep 'stop' cancelled: 2 of 2 experiments ended (0 failed, 2 cancelled)"),
          cli.out);
      assertTrue(cli.out.contains("`distill resume stop` runs what is missing."), cli.out);
    }
  }

  private static void assertCancelledAfterTheSource(String out, List<String> names) {
    for (String name : names) {
      assertTrue(
          out.lines()
              .anyMatch(l -> l.matches(name + " +cancelled +1/2 +- +(done|reused) +cancelled")),
          name + " kept its source and was cancelled at the teacher:\n" + out);
    }
    assertFalse(out.contains("failed  ") || out.contains("skipped"), out);
    assertFalse(out.contains(": cancelled"), "a cancel is not listed as a failure:\n" + out);
  }

  /** Waits until both experiments have their source and are sampling answers. */
  private static void awaitBothTeaching(SweepClient sweeps) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (System.nanoTime() < deadline) {
      List<ExperimentStatus> running =
          sweeps.progress("stop").map(p -> p.experiments()).orElse(List.of());
      long teaching =
          running.stream()
              .map(s -> sweeps.experimentProgress(s.workflowId()))
              .filter(p -> p.map(ExperimentProgress::currentStage).orElse("").equals("teacher"))
              .count();
      if (teaching == 2) {
        return;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("the two experiments did not reach their teacher stage in 60 s");
  }
}
