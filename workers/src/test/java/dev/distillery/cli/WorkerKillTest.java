package dev.distillery.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.distillery.llm.simulated.SimulatedLlmConfig;
import dev.distillery.llm.simulated.SimulatedLlmServer;
import dev.distillery.plan.PlannedStage;
import dev.distillery.plan.SweepPlan;
import dev.distillery.store.Manifest;
import dev.distillery.store.RowReader;
import dev.distillery.worker.Stack;
import dev.distillery.workflow.ExecutionSettings;
import dev.distillery.workflow.StageOutcome;
import dev.distillery.workflow.StageResult;
import dev.distillery.workflow.SweepResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
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
  /** Where a train stage's folder records its fine-tuning job. */
  private static final String JOB_RECORD = "finetune-job.json";

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
    try (SimulatedLlmServer llm = TestStacks.simulator(150);
        Stack stack = TestStacks.open(home, Stack.Mode.EMBEDDED);
        WorkerJvms workers =
            new WorkerJvms(home, stack, llm, Map.of("DISTILL_CHECKPOINT_SECONDS", "1"))) {
      SweepResult result =
          finishAfterAKillAtACheckpoint(
              llm, stack, workers, plan, new ExecutionSettings(3, 30), 1, Duration.ofSeconds(3));

      assertEquals(0, result.failed(), result + "\n" + workers.logOf(2));
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
      assertResumedFromCheckpoint(teacher, llm, "completion");
      for (int i = 0; i < 3; i++) {
        assertEquals(List.of(), stack.store().verify(manifest(stack, plan, i)));
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
    Path recipe =
        Files.writeString(
            home.resolve("eval.yaml"),
            "recipe: eval-kill\nstages:\n"
                + TestRecipes.evalStage("simulated://kill", benchmark, 2, "concurrency: 4"));
    SweepPlan plan = SweepFiles.plan(recipe);
    try (SimulatedLlmServer llm = TestStacks.simulator(150);
        Stack stack = TestStacks.open(home, Stack.Mode.EMBEDDED);
        WorkerJvms workers =
            new WorkerJvms(home, stack, llm, Map.of("DISTILL_CHECKPOINT_SECONDS", "1"))) {
      SweepResult result =
          finishAfterAKillAtACheckpoint(
              llm, stack, workers, plan, new ExecutionSettings(3, 10), 0, Duration.ofSeconds(2));

      assertEquals(0, result.failed(), result + "\n" + workers.logOf(2));
      Manifest eval = manifest(stack, plan, 0);
      assertResumedFromCheckpoint(eval, llm, "answer");
      assertTrue(eval.extraFile("results.json").isPresent(), eval.extraFiles().toString());
      assertEquals(List.of(), stack.store().verify(eval));
    }
  }

  /**
   * Issue 16: a fine-tuning job outlives the worker that started it. The worker is killed while the
   * simulated job runs (its id recorded in the stage's folder); a second worker polls the same job
   * to its end, and the service was asked for exactly one job.
   */
  @Test
  void aKilledWorkersFineTuningJobIsFinishedNotStartedAgain() throws Exception {
    SweepPlan plan = fineTuneSweep();
    try (SimulatedLlmServer llm = fineTuneSimulator();
        Stack stack = TestStacks.open(home, Stack.Mode.EMBEDDED);
        WorkerJvms workers = new WorkerJvms(home, stack, llm, Map.of())) {
      Process first = workers.start();
      SweepClient sweeps = TestStacks.submit(stack, plan, new ExecutionSettings(3, 30));
      String jobId = awaitJobId(stack, plan, () -> "no job was recorded: " + workers.logOf(1));
      first.destroyForcibly().waitFor();
      assertEquals(1, llm.fineTuningJobsCreated());
      assertTrue(
          Set.of("validating_files", "queued", "running").contains(jobStatus(llm, jobId)),
          "killed while the job ran");

      workers.start();
      SweepResult result =
          TestStacks.awaitWithin(
              sweeps, plan.sweep(), Duration.ofSeconds(120), () -> workers.logOf(2));

      assertEquals(0, result.failed(), result + "\n" + workers.logOf(2));
      assertEquals(1, llm.fineTuningJobsCreated(), "the second worker polled the same job");
      Manifest train = manifest(stack, plan, 3);
      JsonNode model;
      try (RowReader rows = stack.store().open(train)) {
        model = rows.next();
      }
      assertEquals(jobId, model.get("job_id").asText(), model.toString());
      assertEquals("succeeded", jobStatus(llm, jobId));
      assertTrue(model.get("model").asText().contains(":sim-acc-"), model.toString());
      assertNotEquals(
          manifest(stack, plan, 0).workerIdentity(),
          train.workerIdentity(),
          "the second worker committed the stage");
      assertTrue(
          stack.blobs().get(jobRecord(plan)).isEmpty(), "the job record is cleared once done");
    }
  }

  /**
   * Issue 16: a sweep resumed on a new Temporal (the old one and its histories are gone, as after a
   * restart of a dev stack) finds the fine-tuning job it started in the job record of the stage's
   * folder and polls it to its end instead of paying for a second one.
   */
  @Test
  void aSweepResumedOnANewTemporalFindsItsRecordedFineTuningJob() throws Exception {
    SweepPlan plan = fineTuneSweep();
    try (SimulatedLlmServer llm = fineTuneSimulator()) {
      String jobId;
      try (Stack stack = TestStacks.embedded(home, llm)) {
        stack.startWorker(4);
        TestStacks.submit(stack, plan, new ExecutionSettings(30, 5));
        jobId = awaitJobId(stack, plan, () -> "no job was recorded");
      }
      assertTrue(
          Set.of("validating_files", "queued", "running").contains(jobStatus(llm, jobId)),
          "Temporal was lost while the job ran");

      try (Stack stack = TestStacks.embedded(home, llm)) {
        stack.startWorker(4);
        CliHarness cli = TestStacks.connect(new CliHarness(home), stack);
        assertEquals(ExitCodes.OK, cli.run("resume", plan.sweep(), "--wait"), cli.out + cli.err);

        assertEquals(1, llm.fineTuningJobsCreated(), "the resumed sweep found the recorded job");
        try (RowReader rows = stack.store().open(manifest(stack, plan, 3))) {
          assertEquals(jobId, rows.next().get("job_id").asText());
        }
        assertEquals("succeeded", jobStatus(llm, jobId));
      }
    }
  }

  /**
   * A sweep of one experiment whose train stage fine-tunes on the simulator, polling each second.
   */
  private SweepPlan fineTuneSweep() throws Exception {
    Path recipe =
        Files.writeString(
            home.resolve("finetune.yaml"),
            "recipe: finetune-kill\nstages:\n"
                + TestRecipes.fineTuneStages("simulated://kill", "simulated://kill"));
    return SweepFiles.plan(recipe);
  }

  /** A simulator whose fine-tuning jobs run 8 s, long enough to kill a worker while one runs. */
  private static SimulatedLlmServer fineTuneSimulator() throws Exception {
    return SimulatedLlmServer.start(
        SimulatedLlmConfig.builder()
            .latency(Duration.ofMillis(2))
            .fineTuneDuration(Duration.ofSeconds(8))
            .build());
  }

  /** Where the train stage of {@link #fineTuneSweep()} records its fine-tuning job. */
  private static String jobRecord(SweepPlan plan) {
    return plan.experiments().get(0).stages().get(3).ref().folder() + "/" + JOB_RECORD;
  }

  /**
   * Waits until the train stage of {@link #fineTuneSweep()} has recorded its job, failing with
   * {@code failure}'s message after 90 s, and returns the job's id.
   */
  private static String awaitJobId(Stack stack, SweepPlan plan, Callable<String> failure)
      throws Exception {
    String jobRecord = jobRecord(plan);
    Poll.until(
        Duration.ofSeconds(90),
        Duration.ofMillis(50),
        () -> stack.blobs().get(jobRecord).isPresent(),
        failure);
    return SweepClient.JSON
        .readTree(stack.blobs().get(jobRecord).orElseThrow())
        .get("job_id")
        .asText();
  }

  /**
   * Runs {@code plan} (one experiment of 200 requests to the simulator) on a first worker JVM and
   * kills it mid-stage once stage {@code stage} has written a shard's checkpoint record (not just a
   * part: parts written after the last checkpoint are written again by the retry, and on a loaded
   * machine the first part comes well before it) and {@code heartbeat} has passed, the time the
   * heartbeat naming the checkpoint takes to reach the server within its throttle interval. A
   * second worker JVM finishes the sweep; returns its result.
   */
  private static SweepResult finishAfterAKillAtACheckpoint(
      SimulatedLlmServer llm,
      Stack stack,
      WorkerJvms workers,
      SweepPlan plan,
      ExecutionSettings settings,
      int stage,
      Duration heartbeat)
      throws Exception {
    Process first = workers.start();
    SweepClient sweeps = TestStacks.submit(stack, plan, settings);
    String shardFolder = plan.experiments().get(0).stages().get(stage).ref().folder() + "/shards/";
    Poll.until(
        Duration.ofSeconds(90),
        Duration.ofMillis(50),
        () ->
            stack.blobs().list(shardFolder).stream().anyMatch(k -> k.endsWith(".checkpoint.json")),
        () -> "no checkpoint was written: " + workers.logOf(1));
    Thread.sleep(heartbeat.toMillis());
    first.destroyForcibly().waitFor();
    long servedBeforeKill = llm.completedCount();
    assertTrue(servedBeforeKill < 200, "killed mid-stage, after " + servedBeforeKill);

    workers.start();
    return TestStacks.awaitWithin(
        sweeps,
        plan.sweep(),
        Duration.ofSeconds(120),
        () -> histories(stack, plan) + workers.logOf(2));
  }

  /**
   * The sharded stage of {@code manifest} (200 requests at concurrency 4) was finished by a retry
   * that kept the killed attempt's checkpointed parts and sent the simulator again at most the
   * requests in flight at the kill: each {@code what} was requested once or reused.
   */
  private static void assertResumedFromCheckpoint(
      Manifest manifest, SimulatedLlmServer llm, String what) {
    assertEquals(200, manifest.counters().rowsOut());
    Set<String> writers = new TreeSet<>();
    manifest
        .files()
        .forEach(f -> writers.add(f.name().replaceAll(".*-([0-9a-f]{8})\\.jsonl\\.zst", "$1")));
    assertTrue(
        writers.size() >= 2,
        "the retried attempt kept the killed attempt's checkpointed parts: " + manifest.files());
    assertTrue(
        llm.requestCount() <= 200 + 4,
        "only requests in flight at the kill (concurrency 4) were sent again: "
            + llm.requestCount());
    assertEquals(
        200,
        manifest.extra().get("requests") + manifest.extra().getOrDefault("completions_reused", 0L),
        "each "
            + what
            + " was requested once (counted up to the checkpoint and after it) or"
            + " reused from the killed attempt's stored completions: "
            + manifest.extra());
  }

  /**
   * Issue 16: a worker JVM polling the gpu queue is killed with SIGKILL while its training command
   * runs, after a checkpoint. The command outlives the JVM (its output goes through {@code tee -p},
   * as a launcher's would, so losing the JVM's pipe does not end it) and keeps training; the second
   * worker's retry stops it, resumes from the newest checkpoint instead of starting over, and
   * leaves no trainer running.
   */
  @Test
  void aKilledWorkersTrainingCommandIsStoppedAndResumedFromItsLastCheckpoint() throws Exception {
    // A launcher as an `sbatch --wait` wrapper is one: the training outlives the worker's JVM,
    // since its output reaches the JVM through `tee -p`, which goes on when its reader is gone.
    Path launcher = home.resolve("launch.sh");
    Files.writeString(
        launcher,
        "python3 '%s' \"$@\" 2>&1 | tee -a -p \"$(dirname \"$1\")/console.log\"\n"
            .formatted(
                Path.of(CliHarness.repo("activities/stages/src/test/resources/stand-in-trainer.py"))
                    .toAbsolutePath()));
    Path recipe = home.resolve("train.yaml");
    Files.writeString(
        recipe,
        """
        recipe: train-kill
        stages:
          - id: source
            kind: synthetic-arithmetic
            params: {count: 20, seed: 3}
          - id: teacher
            kind: teacher
            params: {base_url: simulated://kill, model: simulated-teacher}
          - id: export
            kind: export
          - id: train
            kind: train
            params:
              trainer: command
              base_model: stand-in/base
              preset: micro
              gpus: 1
              command: "sh '%s' {config}"
              overrides: {save_steps: 5, logging_steps: 1}
        """
            .formatted(launcher));
    SweepPlan plan = SweepFiles.plan(recipe);
    int steps = 60;
    try (SimulatedLlmServer llm = TestStacks.simulator(2);
        Stack stack = TestStacks.open(home, Stack.Mode.EMBEDDED);
        WorkerJvms fleet =
            new WorkerJvms(
                home,
                stack,
                llm,
                Map.of(
                    "PATH", System.getenv("PATH"),
                    "STAND_IN_STEPS", Integer.toString(steps),
                    "STAND_IN_STEP_SECONDS", "0.2"))) {
      String[] queues = {"--task-queues", "distillery,distillery-llm,distillery-gpu"};
      // Two workers from the start, so the retry waits only for the heartbeat timeout and finds the
      // killed worker's command still training.
      List<Process> workers = List.of(fleet.start(queues), fleet.start(queues));
      try {
        SweepClient sweeps = TestStacks.submit(stack, plan, new ExecutionSettings(3, 30));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        Path folder = null;
        while (folder == null) {
          assertTrue(System.nanoTime() < deadline, "no checkpoint 10: " + fleet.logOf(1));
          Thread.sleep(50);
          folder = trainFolderWithCheckpoint(home.resolve("worker-home/train"), 10);
        }
        // The command's shell is a child of the worker JVM that runs the stage: kill that JVM.
        long command = Long.parseLong(Files.readString(folder.resolve("train.pid")).strip());
        long trainer = ProcessHandle.of(command).flatMap(ProcessHandle::parent).orElseThrow().pid();
        Process killed = workers.stream().filter(w -> w.pid() == trainer).findFirst().orElseThrow();
        killed.destroyForcibly().waitFor();
        Thread.sleep(500);
        assertFalse(trainers().isEmpty(), "the command outlived the worker's JVM");

        SweepResult result =
            TestStacks.awaitWithin(
                sweeps,
                plan.sweep(),
                Duration.ofSeconds(120),
                () -> fleet.logOf(1) + fleet.logOf(2));

        assertEquals(0, result.failed(), result + "\n" + fleet.logOf(1) + fleet.logOf(2));
        Manifest train = manifest(stack, plan, 3);
        String log =
            new String(
                stack
                    .blobs()
                    .get(
                        train.ref().folder()
                            + "/"
                            + train.extraFile("train.log").orElseThrow().name())
                    .orElseThrow(),
                java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(
            log.contains("distill: stopped the command of an earlier attempt"),
            "the retry stopped the killed worker's command first: " + log);
        java.util.regex.Matcher resumed =
            java.util.regex.Pattern.compile("resumed from step (\\d+)").matcher(log);
        assertTrue(resumed.find(), "the retry resumed: " + log);
        assertTrue(Integer.parseInt(resumed.group(1)) >= 10, resumed.group());
        // The console copy holds every step's progress bar of both attempts.
        long stepsRun =
            java.util.regex.Pattern.compile("\\b\\d+/" + steps + " \\[")
                .matcher(Files.readString(folder.resolve("console.log")))
                .results()
                .count();
        assertTrue(
            stepsRun >= steps && stepsRun < 2 * steps,
            "the retry did not start over: " + stepsRun + " steps run");
        try (RowReader rows = stack.store().open(train)) {
          assertTrue(rows.next().get("model").asText().endsWith("output"));
        }
        assertFalse(
            train.workerIdentity().startsWith(trainer + "@"),
            "the other worker trained to the end: " + train.workerIdentity());
        assertEquals(List.of(), trainers(), "no trainer is left running");
      } finally {
        fleet.close();
        trainers().forEach(ProcessHandle::destroyForcibly);
      }
    }
  }

  /**
   * The stage folder under {@code root} with a complete checkpoint of step {@code step} or later.
   */
  private static Path trainFolderWithCheckpoint(Path root, int step) throws Exception {
    if (!Files.isDirectory(root)) {
      return null;
    }
    try (java.util.stream.Stream<Path> states =
        Files.find(root, 4, (p, a) -> p.getFileName().toString().equals("trainer_state.json"))) {
      return states
          .map(Path::getParent)
          .filter(p -> p.getFileName().toString().matches("checkpoint-\\d+"))
          .filter(p -> Integer.parseInt(p.getFileName().toString().substring(11)) >= step)
          .map(p -> p.getParent().getParent())
          .findFirst()
          .orElse(null);
    } catch (java.io.UncheckedIOException e) {
      return null; // A file renamed while the folder was walked: look again.
    }
  }

  /** The processes of this test's training commands (launcher, trainer, tee) still running. */
  private List<ProcessHandle> trainers() {
    String folders = home.resolve("worker-home/train").toString();
    return ProcessHandle.allProcesses()
        .filter(p -> p.info().commandLine().map(c -> c.contains(folders)).orElse(false))
        .toList();
  }

  /** The status of a fine-tuning job, asked of the simulator as any client would. */
  private static String jobStatus(SimulatedLlmServer llm, String jobId) throws Exception {
    java.net.http.HttpResponse<String> response =
        java.net.http.HttpClient.newHttpClient()
            .send(
                java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create(llm.baseUrl() + "/fine_tuning/jobs/" + jobId))
                    .build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
    return SweepClient.JSON.readTree(response.body()).get("status").asText();
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
}
