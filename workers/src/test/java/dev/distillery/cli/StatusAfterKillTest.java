package dev.distillery.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.distillery.llm.simulated.SimulatedLlmServer;
import dev.distillery.plan.ExperimentPlan;
import dev.distillery.plan.PlannedStage;
import dev.distillery.plan.SweepPlan;
import dev.distillery.worker.Stack;
import dev.distillery.workflow.ExecutionSettings;
import dev.distillery.workflow.ExperimentProgress;
import dev.distillery.workflow.ExperimentState;
import dev.distillery.workflow.ExperimentStatus;
import dev.distillery.workflow.SweepProgress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code distill status} of a sweep whose {@code run} JVM was killed, whose worker JVM was killed
 * while its stack lived on, and after its embedded stack was restarted (the new in-memory Temporal
 * never saw the sweep): each stage is shown done exactly when the store holds its manifest,
 * including a stage the stopped experiment shares with the one that finished, and the count line
 * says how many experiments ended.
 *
 * <p>The second experiment is stopped in its teacher; its {@code side} stage, which comes after the
 * teacher in the recipe but does not depend on it, was finished by the first experiment.
 */
class StatusAfterKillTest {
  @TempDir Path home;

  @Test
  void statusAfterARunJvmWasKilledMatchesTheManifests() throws Exception {
    SweepPlan plan = writeSweep();
    try (SimulatedLlmServer llm = TestStacks.simulator(60)) {
      Map<String, String> env =
          Map.of(
              "DISTILL_HOME", home.toString(),
              "DISTILL_SIMULATOR_URL", llm.baseUrl().toString());
      Process run =
          DistillProcess.start(env, home.resolve("run.log"), "run", sweepFile().toString());
      try {
        CliHarness watcher = new CliHarness(home);
        Poll.until(
            Duration.ofSeconds(90),
            Duration.ofMillis(200),
            run,
            () -> firstDoneSecondTeaching(watcher),
            () ->
                "the run did not reach the second teacher:\n"
                    + Files.readString(home.resolve("run.log")));
      } finally {
        run.destroyForcibly().waitFor();
      }
    }
    assertStatusMatchesTheStore(plan, new CliHarness(home));
  }

  @Test
  void statusAfterTheEmbeddedStackRestartedMatchesTheManifests() throws Exception {
    SweepPlan plan = writeSweep();
    try (SimulatedLlmServer llm = TestStacks.simulator(60)) {
      try (Stack stack = TestStacks.embedded(home, llm)) {
        SweepClient sweeps = TestStacks.submit(stack, sweepFile());
        Poll.until(
            Duration.ofSeconds(90),
            Duration.ofMillis(100),
            () -> firstDoneSecondTeaching(sweeps),
            () -> "the second experiment did not reach its teacher");
      }
      try (Stack restarted = TestStacks.embedded(home, llm)) {
        assertStatusMatchesTheStore(plan, TestStacks.connect(new CliHarness(home), restarted));
      }
    }
  }

  /**
   * The worker JVM is killed while the stack (as a {@code distill dev}'s) lives on: Temporal still
   * knows the sweep but no worker answers its queries (status used to fail with "Temporal stopped
   * answering"). Status tells what the store holds, and why.
   */
  @Test
  void statusAfterTheWorkerJvmWasKilledMatchesTheManifests() throws Exception {
    SweepPlan plan = writeSweep();
    try (SimulatedLlmServer llm = TestStacks.simulator(60);
        Stack stack = TestStacks.open(home, Stack.Mode.EMBEDDED)) {
      try (WorkerJvms workers = new WorkerJvms(home, stack, llm, Map.of())) {
        Process worker = workers.start();
        SweepClient sweeps = TestStacks.submit(stack, plan, new ExecutionSettings(30, 30));
        Poll.until(
            Duration.ofSeconds(90),
            Duration.ofMillis(100),
            worker,
            () -> firstDoneSecondTeaching(sweeps),
            () -> "the second experiment did not reach its teacher: " + workers.logOf(1));
      }
      CliHarness cli = TestStacks.connect(new CliHarness(home), stack);
      assertStatusMatchesTheStore(plan, cli);
      assertTrue(cli.out.contains("Temporal knows sweep 'killed' but no worker answered"), cli.out);
      assertTrue(cli.out.contains("1 stopped part-way (no worker runs them)"), cli.out);
    }
  }

  private Path sweepFile() {
    return home.resolve("sweep.yaml");
  }

  private SweepPlan writeSweep() throws Exception {
    Files.writeString(
        home.resolve("recipe.yaml"),
        """
        recipe: killed
        stages:
          - id: source
            kind: synthetic-arithmetic
            params: {count: 120, seed: 5}
          - id: teacher
            kind: teacher
            params:
              base_url: simulated://kill
              model: simulated-teacher
              concurrency: 2
          - id: side
            kind: synthetic-arithmetic
            inputs: []
            params: {count: 10, seed: 6}
          - id: export
            kind: export
            inputs: [teacher]
        """);
    Files.writeString(
        sweepFile(),
        """
        sweep: killed
        recipe: recipe.yaml
        parallelism: 1
        grid:
          stages.teacher.temperature: [0.1, 0.2]
        """);
    return SweepFiles.plan(sweepFile());
  }

  /** Asks a running {@code run} through the CLI, as a user's second shell would. */
  private static boolean firstDoneSecondTeaching(CliHarness cli) throws Exception {
    if (cli.run("status", "killed", "--json") != ExitCodes.OK) {
      return false; // The run has not started its stack or submitted the sweep yet.
    }
    JsonNode experiments = SweepClient.JSON.readTree(cli.out).get("experiments");
    return experiments.get(0).get("state").asText().equals("SUCCEEDED")
        && experiments.get(1).get("state").asText().equals("RUNNING")
        && experiments.get(1).get("stages").get(1).get("state").asText().equals("RUNNING")
        && experiments.get(1).get("stages").get(1).path("rowsDone").asLong() > 0;
  }

  private static boolean firstDoneSecondTeaching(SweepClient sweeps) {
    Optional<SweepProgress> progress = sweeps.progress("killed");
    List<ExperimentStatus> experiments = progress.map(SweepProgress::experiments).orElse(List.of());
    return experiments.size() == 2
        && experiments.get(0).state() == ExperimentState.SUCCEEDED
        && sweeps
            .experimentProgress(experiments.get(1).workflowId())
            .map(ExperimentProgress::currentStage)
            .orElse("")
            .equals("teacher");
  }

  /**
   * {@code status} shows a stage done or reused exactly when its manifest is in the store, never
   * failed or skipped, and counts one of two experiments as ended.
   */
  private void assertStatusMatchesTheStore(SweepPlan plan, CliHarness cli) throws Exception {
    assertEquals(ExitCodes.OK, cli.run("status", "killed", "--json"), cli.err);
    JsonNode experiments = SweepClient.JSON.readTree(cli.out).get("experiments");
    try (Stack store = TestStacks.open(home, Stack.Mode.READ_STORE)) {
      for (int e = 0; e < plan.experiments().size(); e++) {
        ExperimentPlan planned = plan.experiments().get(e);
        JsonNode stages = experiments.get(e).get("stages");
        for (int s = 0; s < planned.stages().size(); s++) {
          PlannedStage stage = planned.stages().get(s);
          boolean stored = store.store().findManifest(stage.ref()).isPresent();
          String state = stages.get(s).get("state").asText();
          assertEquals(
              stored,
              Set.of("DONE", "REUSED").contains(state),
              planned.name()
                  + "/"
                  + stage.id()
                  + " is "
                  + state
                  + ", manifest stored: "
                  + stored
                  + "\n"
                  + cli.out);
          assertFalse(Set.of("FAILED", "SKIPPED").contains(state), cli.out);
        }
      }
    }
    JsonNode second = experiments.get(1).get("stages");
    assertEquals("WAITING", second.get(1).get("state").asText(), "the stopped teacher");
    assertEquals("DONE", second.get(2).get("state").asText(), "the side stage the first made");

    assertEquals(ExitCodes.OK, cli.run("status", "killed"), cli.err);
    assertTrue(
        cli.out.contains("Sweep 'killed' incomplete: 1 of 2 experiments ended (0 failed),"),
        cli.out);
    assertTrue(cli.out.contains("1 stopped part-way"), cli.out);
    assertFalse(cli.out.contains("skipped"), cli.out);
  }
}
