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
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A worker in its own JVM is killed with SIGKILL in the middle of a teacher shard, after the shard
 * checkpointed; a second worker JVM finishes the sweep. The retried shard keeps the checkpointed
 * parts, the simulator is sent again at most the requests in flight, stages finished before the
 * kill are not computed again, and every manifest's checksums verify.
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
            params: {count: 200, seed: 11, max_operand: 1000}
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
          workerEnv(stack, llm, Map.of("DISTILL_CHECKPOINT_SECONDS", "1"));
      SweepClient sweeps = new SweepClient(stack.client(), stack.blobs());
      Process first = startWorker(workerEnv, home.resolve("worker-1.log"));
      Process second = null;
      try {
        sweeps.submit(plan, new ExecutionSettings(3, 30), new PrintWriter(new StringWriter()));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        String shardFolder = plan.experiments().get(0).stages().get(1).ref().folder() + "/shards/";
        while (stack.blobs().list(shardFolder).isEmpty()) {
          assertTrue(System.nanoTime() < deadline, "no checkpoint was written: " + log(home, 1));
          Thread.sleep(50);
        }
        // The heartbeat naming the checkpoint reaches the server within its throttle interval.
        Thread.sleep(3000);
        first.destroyForcibly().waitFor();
        long servedBeforeKill = llm.completedCount();
        assertTrue(servedBeforeKill < 200, "killed mid-shard, after " + servedBeforeKill);

        second = startWorker(workerEnv, home.resolve("worker-2.log"));
        SweepResult result;
        try {
          result =
              java.util.concurrent.CompletableFuture.supplyAsync(
                      () -> TestStacks.await(sweeps, plan.sweep()))
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
        assertEquals(200, teacher.counters().rowsOut());
        Set<String> writers = new TreeSet<>();
        teacher
            .files()
            .forEach(f -> writers.add(f.name().replaceAll(".*-([0-9a-f]{8})\\.jsonl\\.zst", "$1")));
        assertTrue(
            writers.size() >= 2,
            "the retried attempt kept the killed attempt's checkpointed parts: " + teacher.files());
        assertTrue(
            llm.requestCount() <= 200 + 4,
            "only requests in flight at the kill (concurrency 4) were sent again: "
                + llm.requestCount());
        assertEquals(
            200,
            teacher.extra().get("requests")
                + teacher.extra().getOrDefault("completions_reused", 0L),
            "each completion was requested once (counted up to the checkpoint and after it) or"
                + " reused from the killed attempt's stored completions: "
                + teacher.extra());
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

  /**
   * Issue 15: an evaluation whose worker is killed mid-shard is finished by another worker, which
   * keeps the shard's checkpointed parts and finds every answer obtained after the checkpoint in
   * the completion store: the simulator is sent again at most the requests in flight.
   */
  @Test
  void aKilledWorkersEvaluationResumesWithoutAskingAgain() throws Exception {
    Path benchmark = ArithmeticBenchmark.write(home.resolve("arith.jsonl"), 100, 13, 1000);
    Path recipe = home.resolve("eval.yaml");
    Files.writeString(
        recipe,
        """
        recipe: eval-kill
        stages:
          - id: eval
            kind: eval
            params:
              base_url: simulated://kill
              model: simulated-teacher
              benchmarks: {arith: %s}
              types: {arith: math}
              repeats: {arith: 2}
              max_tokens: 2048
              concurrency: 4
        """
            .formatted(benchmark));
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
          workerEnv(stack, llm, Map.of("DISTILL_CHECKPOINT_SECONDS", "1"));
      SweepClient sweeps = new SweepClient(stack.client(), stack.blobs());
      Process first = startWorker(workerEnv, home.resolve("worker-1.log"));
      Process second = null;
      try {
        sweeps.submit(plan, new ExecutionSettings(3, 10), new PrintWriter(new StringWriter()));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        String shardFolder = plan.experiments().get(0).stages().get(0).ref().folder() + "/shards/";
        while (stack.blobs().list(shardFolder).isEmpty()) {
          assertTrue(System.nanoTime() < deadline, "no checkpoint was written: " + log(home, 1));
          Thread.sleep(50);
        }
        // The heartbeat naming the checkpoint reaches the server within its throttle interval.
        Thread.sleep(2000);
        first.destroyForcibly().waitFor();
        long servedBeforeKill = llm.completedCount();
        assertTrue(servedBeforeKill < 200, "killed mid-stage, after " + servedBeforeKill);

        second = startWorker(workerEnv, home.resolve("worker-2.log"));
        SweepResult result =
            java.util.concurrent.CompletableFuture.supplyAsync(
                    () -> TestStacks.await(sweeps, plan.sweep()))
                .get(120, TimeUnit.SECONDS);

        assertEquals(0, result.failed(), result + "\n" + log(home, 2));
        Manifest eval = manifest(stack, plan, 0);
        assertEquals(200, eval.counters().rowsOut());
        assertTrue(
            llm.requestCount() <= 200 + 4,
            "only requests in flight at the kill (concurrency 4) were sent again: "
                + llm.requestCount());
        Set<String> writers = new TreeSet<>();
        eval.files()
            .forEach(f -> writers.add(f.name().replaceAll(".*-([0-9a-f]{8})\\.jsonl\\.zst", "$1")));
        assertTrue(
            writers.size() >= 2,
            "the retried attempt kept the killed attempt's checkpointed parts: " + eval.files());
        assertEquals(
            200,
            eval.extra().get("requests") + eval.extra().getOrDefault("completions_reused", 0L),
            "each answer was requested once (counted up to the checkpoint and after it) or"
                + " reused from the killed attempt's stored completions: "
                + eval.extra());
        assertTrue(eval.extraFile("results.json").isPresent(), eval.extraFiles().toString());
        assertEquals(List.of(), stack.store().verify(eval));
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

  /** The settings of a worker JVM for {@code stack} and {@code llm}, plus {@code extra}. */
  private Map<String, String> workerEnv(
      Stack stack, SimulatedLlmServer llm, Map<String, String> extra) {
    Map<String, String> env = new java.util.HashMap<>(extra);
    env.put("TEMPORAL_ADDRESS", stack.temporalAddress());
    env.put("AWS_ENDPOINT_URL_S3", stack.s3Endpoint().toString());
    env.put("DISTILL_STORE", stack.storeLocation().toString());
    env.put("AWS_ACCESS_KEY_ID", EmbeddedS3.ACCESS_KEY);
    env.put("AWS_SECRET_ACCESS_KEY", EmbeddedS3.SECRET_KEY);
    env.put("AWS_REGION", EmbeddedS3.REGION);
    env.put("DISTILL_SIMULATOR_URL", llm.baseUrl().toString());
    env.put("DISTILL_HOME", home.resolve("worker-home").toString());
    return env;
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
