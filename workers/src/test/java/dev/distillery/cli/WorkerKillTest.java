package dev.distillery.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.distillery.config.DistillConfig;
import dev.distillery.embedded.EmbeddedS3;
import dev.distillery.llm.simulated.SimulatedLlmConfig;
import dev.distillery.llm.simulated.SimulatedLlmServer;
import dev.distillery.plan.PlannedStage;
import dev.distillery.plan.SweepPlan;
import dev.distillery.store.Manifest;
import dev.distillery.worker.Stack;
import dev.distillery.workflow.ExecutionSettings;
import dev.distillery.workflow.StageOutcome;
import dev.distillery.workflow.StageResult;
import dev.distillery.workflow.SweepResult;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A worker in its own JVM is killed with SIGKILL while the teacher stage runs; a second worker JVM
 * finishes the sweep. Stages finished before the kill are not computed again, and every manifest's
 * checksums verify.
 */
class WorkerKillTest {
  @TempDir Path home;

  @Test
  void aKilledWorkersStageIsFinishedByAnotherWorker() throws Exception {
    Path recipe = home.resolve("kill.yaml");
    Files.writeString(
        recipe,
        """
        recipe: kill-test
        stages:
          - id: source
            kind: synthetic-arithmetic
            params: {count: 120, seed: 11}
          - id: teacher
            kind: teacher
            params:
              base_url: simulated://kill
              model: simulated-teacher
              concurrency: 4
          - id: export
            kind: export
        """);
    SweepPlan plan = SweepFiles.plan(recipe);
    try (SimulatedLlmServer llm =
            SimulatedLlmServer.start(
                SimulatedLlmConfig.defaults().withLatency(Duration.ofMillis(150)));
        Stack stack =
            Stack.open(
                DistillConfig.fromEnvironment(Map.of("DISTILL_HOME", home.toString())),
                Stack.Mode.EMBEDDED,
                0,
                0)) {
      Map<String, String> workerEnv =
          Map.of(
              "TEMPORAL_ADDRESS", stack.temporalAddress(),
              "AWS_ENDPOINT_URL_S3", stack.s3Endpoint().toString(),
              "DISTILL_STORE", stack.storeLocation().toString(),
              "AWS_ACCESS_KEY_ID", EmbeddedS3.ACCESS_KEY,
              "AWS_SECRET_ACCESS_KEY", EmbeddedS3.SECRET_KEY,
              "AWS_REGION", EmbeddedS3.REGION,
              "DISTILL_SIMULATOR_URL", llm.baseUrl().toString(),
              "DISTILL_HOME", home.resolve("worker-home").toString());
      SweepClient sweeps = new SweepClient(stack.client(), stack.blobs());
      Process first = startWorker(workerEnv, home.resolve("worker-1.log"));
      Process second = null;
      try {
        sweeps.submit(plan, new ExecutionSettings(3, 30), new PrintWriter(new StringWriter()));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (llm.completedCount() < 20) {
          assertTrue(System.nanoTime() < deadline, "the teacher never started: " + log(home, 1));
          Thread.sleep(50);
        }
        first.destroyForcibly().waitFor();
        long servedBeforeKill = llm.completedCount();
        assertTrue(servedBeforeKill < 120, "killed mid-stage, after " + servedBeforeKill);

        second = startWorker(workerEnv, home.resolve("worker-2.log"));
        SweepResult result;
        try {
          result =
              java.util.concurrent.CompletableFuture.supplyAsync(
                      () -> {
                        try {
                          return sweeps.await(plan.sweep(), null);
                        } catch (InterruptedException e) {
                          throw new IllegalStateException(e);
                        }
                      })
                  .get(120, TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
          throw new AssertionError(
              "the sweep did not finish:\n" + histories(stack, plan) + log(home, 2));
        }

        assertEquals(0, result.failed(), result + "\n" + log(home, 2));
        List<StageResult> stages = result.experiments().get(0).stages();
        assertEquals(
            List.of("source", "teacher", "export"),
            stages.stream().map(StageResult::stageId).toList());
        stages.forEach(s -> assertEquals(StageOutcome.COMPUTED, s.outcome(), s.stageId()));

        Manifest source = manifest(stack, plan, 0);
        Manifest teacher = manifest(stack, plan, 1);
        assertNotEquals(
            source.workerIdentity(),
            teacher.workerIdentity(),
            "the source was finished by the first worker and not computed again");
        assertEquals(120, teacher.counters().rowsOut());
        assertTrue(
            llm.requestCount() <= 120 + 4,
            "only requests in flight at the kill (concurrency 4) were sent again: "
                + llm.requestCount());
        assertTrue(
            teacher.extra().getOrDefault("completions_reused", 0L) >= servedBeforeKill - 4,
            "the retried attempt reused what the killed one had obtained: " + teacher.extra());
        for (int i = 0; i < 3; i++) {
          assertEquals(List.of(), stack.store().verify(manifest(stack, plan, i)));
        }
      } finally {
        first.destroyForcibly();
        if (second != null) {
          second.destroyForcibly().waitFor();
        }
      }
    }
  }

  /** The event types of every workflow of the sweep, to see where it is stuck. */
  private static String histories(Stack stack, SweepPlan plan) {
    StringBuilder out = new StringBuilder();
    List<String> ids = new java.util.ArrayList<>(List.of(plan.sweep(), plan.sweep() + "/base"));
    plan.experiments()
        .get(0)
        .stages()
        .forEach(st -> ids.add("stage/" + st.kind() + "/" + st.key()));
    for (String id : ids) {
      out.append("== ").append(id).append('\n');
      try {
        stack
            .client()
            .fetchHistory(id)
            .getEvents()
            .forEach(e -> out.append("  ").append(e.getEventType()).append('\n'));
      } catch (RuntimeException e) {
        out.append("  ").append(e).append('\n');
      }
    }
    return out.toString();
  }

  private static Manifest manifest(Stack stack, SweepPlan plan, int stage) throws Exception {
    PlannedStage planned = plan.experiments().get(0).stages().get(stage);
    return stack.store().findManifest(planned.ref()).orElseThrow();
  }

  private static Process startWorker(Map<String, String> env, Path log) throws Exception {
    return DistillProcess.start(env, log, "worker", "--max-activities", "2");
  }

  private static String log(Path home, int worker) {
    try {
      return Files.readString(home.resolve("worker-" + worker + ".log"));
    } catch (Exception e) {
      return "(no log: " + e + ")";
    }
  }
}
