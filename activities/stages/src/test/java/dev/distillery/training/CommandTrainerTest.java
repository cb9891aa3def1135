package dev.distillery.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command trainer runs the stand-in training command (a script that trains nothing) for real:
 * log streaming, progress, the model folder, failure, resume after a kill, and no process left.
 */
class CommandTrainerTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final Pattern STEP = Pattern.compile("\\b(\\d+)/(\\d+) \\[");
  static final Pattern RESUMED = Pattern.compile("resumed from step (\\d+)");
  static final Pattern PID = Pattern.compile("pid (\\d+)");

  final CommandTrainer trainer = new CommandTrainer();

  /** A work folder (with a space in its path) holding train.yaml; checkpoints every 5 steps. */
  static Path workDir(Path temp) throws Exception {
    Path work = temp.resolve("work dir");
    ObjectNode config =
        LlamaFactoryConfig.config(
            TrainPresets.find("micro").get(),
            TrainPresets.DEFAULT_BASE_MODEL,
            "distillery",
            work,
            work.resolve("output"),
            8,
            JSON.createObjectNode().put("save_steps", 5).put("logging_steps", 4));
    LlamaFactoryConfig.write(
        work, config, LlamaFactoryConfig.datasetInfo("distillery", "distillery.jsonl"));
    return work;
  }

  static TrainingCommand command(Path work, String prefix, Map<String, String> env) {
    return command(
        work, prefix + StandIns.trainer() + " {config}", null, env, Duration.ofSeconds(5));
  }

  /** {@code line} run in {@code work}, writing to its {@code output} folder. */
  static TrainingCommand command(
      Path work, String line, String resumeFlag, Map<String, String> env, Duration grace) {
    return new TrainingCommand(line, resumeFlag, work.resolve("output"), env, grace);
  }

  /**
   * Runs the stand-in trainer in {@code work} with {@code env}, its output lines to {@code
   * listener}.
   */
  private TrainingOutcome runStandIn(Path work, Map<String, String> env, TrainingListener listener)
      throws Exception {
    return trainer.run(command(work, "", env), work, listener);
  }

  static boolean running(long pid) {
    return ProcessHandle.of(pid).map(ProcessTree::running).orElse(false);
  }

  static long steps(List<String> lines) {
    return lines.stream().filter(l -> STEP.matcher(l).find()).count();
  }

  static long number(Pattern pattern, List<String> lines) {
    for (String line : lines) {
      Matcher m = pattern.matcher(line);
      if (m.find()) {
        return Long.parseLong(m.group(1));
      }
    }
    throw new AssertionError("no line matches " + pattern + " in " + lines);
  }

  @Test
  void runsTheCommandStreamingItsLogAndRecordsTheModel(@TempDir Path temp) throws Exception {
    Path work = workDir(temp);
    List<String> lines = new ArrayList<>();
    List<Thread> threads = new ArrayList<>();
    TrainingOutcome outcome =
        runStandIn(
            work,
            Map.of("STAND_IN_STEPS", "12", "STAND_IN_STEP_SECONDS", "0.01"),
            line -> {
              lines.add(line);
              threads.add(Thread.currentThread());
            });

    assertEquals(0, outcome.exitCode(), String.join("\n", outcome.logTail()));
    assertEquals(work.resolve("output").toString(), outcome.modelLocation());
    assertNull(outcome.resumedFrom());
    assertEquals(12, steps(lines), "a progress bar line per step, split at its carriage returns");
    assertTrue(lines.stream().anyMatch(l -> l.startsWith("{'loss': ")), lines::toString);
    assertTrue(threads.stream().allMatch(t -> t == Thread.currentThread()), "on the caller");
    assertEquals(
        lines.subList(lines.size() - outcome.logTail().size(), lines.size()), outcome.logTail());
    assertTrue(outcome.lastProgressLine().startsWith("{'train_runtime'"), outcome::toString);
    assertTrue(Files.isRegularFile(work.resolve("output/checkpoint-5/trainer_state.json")));
    assertTrue(Files.isRegularFile(work.resolve("output/checkpoint-10/trainer_state.json")));
    assertTrue(Files.isRegularFile(work.resolve("output/config.json")));
  }

  @Test
  void aModelLineWinsOverTheOutputFolder(@TempDir Path temp) throws Exception {
    TrainingCommand command =
        new TrainingCommand(
            "echo DISTILL_MODEL=s3://old; echo 'DISTILL_MODEL= s3://bucket/models/run-1 '",
            null,
            temp,
            null,
            null);
    TrainingOutcome outcome = trainer.run(command, temp, line -> {});
    assertEquals("s3://bucket/models/run-1", outcome.modelLocation());
    TrainingOutcome none =
        trainer.run(new TrainingCommand("true", null, temp, null, null), temp, line -> {});
    assertNull(none.modelLocation(), "no line and no config.json in the output folder");
  }

  @Test
  void aFailingCommandReportsItsExitCodeAndLogTail(@TempDir Path temp) throws Exception {
    Path work = workDir(temp);
    TrainingOutcome outcome =
        runStandIn(work, Map.of("STAND_IN_FAIL", "1", "STAND_IN_STEP_SECONDS", "0.01"), line -> {});
    assertEquals(1, outcome.exitCode());
    assertTrue(
        outcome.logTail().get(outcome.logTail().size() - 1).contains("failed on purpose"),
        outcome.logTail()::toString);
    assertNull(outcome.modelLocation());
    assertTrue(outcome.lastProgressLine().contains("| 1/20 ["), outcome::toString);
  }

  @Test
  void aKilledRunResumesFromItsLastCheckpoint(@TempDir Path temp) throws Exception {
    Path work = workDir(temp);
    Map<String, String> env = Map.of("STAND_IN_STEPS", "40", "STAND_IN_STEP_SECONDS", "0.03");
    List<String> first = new CopyOnWriteArrayList<>();
    Throwable thrown =
        interruptWhen(
            work, command(work, "", env), first, line -> line.contains("checkpoint 10 saved"));
    assertInstanceOf(InterruptedException.class, thrown);
    assertFalse(running(number(PID, first)));
    Path checkpoint = CommandTrainer.lastCheckpoint(work.resolve("output")).orElseThrow();

    List<String> second = new ArrayList<>();
    TrainingOutcome outcome = runStandIn(work, env, second::add);

    assertEquals(0, outcome.exitCode(), String.join("\n", outcome.logTail()));
    assertEquals(checkpoint.toString(), outcome.resumedFrom());
    long resumedAt = number(RESUMED, second);
    assertTrue(resumedAt >= 10, "resumed from step " + resumedAt);
    assertEquals(checkpoint.getFileName().toString(), "checkpoint-" + resumedAt);
    assertEquals(40 - resumedAt, steps(second), "the second run did only the remaining steps");
    assertTrue(steps(first) + steps(second) < 2 * 40, first.size() + " + " + second.size());
    assertEquals(work.resolve("output").toString(), outcome.modelLocation());
  }

  /**
   * A worker JVM killed outright leaves its training command running. The retry on that machine
   * stops it before starting its own, so two trainers never write the same checkpoints.
   */
  @Test
  void aCommandLeftRunningByAKilledWorkerIsStoppedBeforeTheRetry(@TempDir Path temp)
      throws Exception {
    Path work = workDir(temp);
    ProcessBuilder builder =
        new ProcessBuilder(
                "setsid",
                "/bin/sh",
                "-c",
                StandIns.trainer()
                    + " "
                    + ShellTemplate.quote(work.resolve("train.yaml").toString()))
            .directory(work.toFile())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD);
    builder.environment().put("STAND_IN_STEPS", "100000");
    Process leftover = builder.start();
    Files.writeString(work.resolve(CommandTrainer.PID_FILE), Long.toString(leftover.pid()));
    Thread.sleep(300);
    assertTrue(running(leftover.pid()), "the leftover trains");

    List<String> lines = new ArrayList<>();
    TrainingOutcome outcome =
        runStandIn(
            work, Map.of("STAND_IN_STEPS", "3", "STAND_IN_STEP_SECONDS", "0.01"), lines::add);

    assertEquals(0, outcome.exitCode(), String.join("\n", outcome.logTail()));
    assertFalse(running(leftover.pid()), "the earlier attempt's command was stopped");
    assertTrue(
        lines.get(0).contains("stopped the command of an earlier attempt (pid " + leftover.pid()),
        lines.toString());
    assertFalse(Files.exists(work.resolve(CommandTrainer.PID_FILE)), "the pid file is removed");
  }

  @Test
  void anUnrelatedProcessNamedByAStalePidFileIsLeftAlone(@TempDir Path temp) throws Exception {
    Path work = workDir(temp);
    Process unrelated = new ProcessBuilder("sleep", "30").start();
    try {
      Files.writeString(work.resolve(CommandTrainer.PID_FILE), Long.toString(unrelated.pid()));
      TrainingOutcome outcome =
          runStandIn(
              work, Map.of("STAND_IN_STEPS", "2", "STAND_IN_STEP_SECONDS", "0.01"), line -> {});
      assertEquals(0, outcome.exitCode());
      assertTrue(running(unrelated.pid()), "a reused pid of another program is not touched");
    } finally {
      unrelated.destroyForcibly();
    }
  }

  /** A command that pipes its output (as launchers do) takes the flag where {resume} says. */
  @Test
  void theResumePlaceholderPutsTheFlagBeforeAPipe(@TempDir Path temp) throws Exception {
    List<String> lines = new ArrayList<>();
    TrainingOutcome outcome =
        runFromCheckpoint5(
            temp,
            StandIns.trainer() + " {config} {resume} | cat",
            null,
            "8",
            Duration.ofSeconds(5),
            lines);
    assertEquals(0, outcome.exitCode(), String.join("\n", outcome.logTail()));
    assertEquals(5, number(RESUMED, lines), lines.toString());
    assertEquals(3, steps(lines), "only the steps after the checkpoint");
  }

  @Test
  void anEmptyResumeFlagNeverResumes(@TempDir Path temp) throws Exception {
    List<String> lines = new ArrayList<>();
    TrainingOutcome outcome =
        runFromCheckpoint5(temp, StandIns.trainer() + " {config}", "", "6", null, lines);
    assertNull(outcome.resumedFrom());
    assertEquals(6, steps(lines));
  }

  /**
   * Runs the stand-in trainer as {@code line} for {@code steps} steps of 0.01 s in a {@link
   * #workDir} whose output folder holds a checkpoint of step 5, as an earlier attempt would leave
   * it; its output lines go to {@code lines}.
   */
  private TrainingOutcome runFromCheckpoint5(
      Path temp, String line, String resumeFlag, String steps, Duration grace, List<String> lines)
      throws Exception {
    Path work = workDir(temp);
    Path checkpoint = work.resolve("output/checkpoint-5");
    Files.createDirectories(checkpoint);
    Files.writeString(checkpoint.resolve("trainer_state.json"), "{\"global_step\":5}");
    TrainingCommand command =
        command(
            work,
            line,
            resumeFlag,
            Map.of("STAND_IN_STEPS", steps, "STAND_IN_STEP_SECONDS", "0.01"),
            grace);
    return trainer.run(command, work, lines::add);
  }

  @Test
  void anInterruptEndsTheWholeProcessTree(@TempDir Path temp) throws Exception {
    Path work = workDir(temp);
    // The shell forks a helper and the trainer, and outlives neither: both must go.
    String prefix = "sleep 60 & echo \"helper pid $!\"; ";
    List<String> lines = new CopyOnWriteArrayList<>();
    Throwable thrown =
        interruptWhen(
            work,
            command(work, prefix, Map.of("STAND_IN_STEPS", "1000")),
            lines,
            line -> line.contains("'loss'"));
    assertInstanceOf(InterruptedException.class, thrown);
    for (String line : lines) {
      Matcher m = PID.matcher(line);
      if (m.find()) {
        long pid = Long.parseLong(m.group(1));
        assertFalse(running(pid), line + " still runs");
      }
    }
    assertEquals(2, lines.stream().filter(l -> PID.matcher(l).find()).count(), lines::toString);
  }

  @Test
  void aCommandIgnoringSigtermIsKilledAfterTheGrace(@TempDir Path temp) throws Exception {
    Path work = workDir(temp);
    // exec: the trainer is the shell's process itself, so nothing but a signal can end it (once
    // its parent shell is gone, the JVM closes the pipe and a write would end it too).
    TrainingCommand command =
        command(
            work,
            "exec " + StandIns.trainer() + " {config}",
            null,
            Map.of("STAND_IN_STEPS", "1000", "STAND_IN_IGNORE_TERM", "1"),
            Duration.ofMillis(300));
    List<String> lines = new CopyOnWriteArrayList<>();
    long started = System.nanoTime();
    Throwable thrown = interruptWhen(work, command, lines, line -> line.contains("'loss'"));
    assertInstanceOf(InterruptedException.class, thrown);
    assertFalse(running(number(PID, lines)));
    assertTrue(System.nanoTime() - started < TimeUnit.SECONDS.toNanos(20));
  }

  /**
   * A process the command left behind gets SIGTERM and its grace like the command itself: here it
   * cleans up for half a second after SIGTERM (a trap), and its file is there once run returns.
   * Stopping only the shell's descendants (it has none once it exits) killed it at once.
   */
  @Test
  void aLeftoverProcessGetsItsGraceBeforeTheKill(@TempDir Path temp) throws Exception {
    List<String> lines = new ArrayList<>();
    TrainingOutcome outcome =
        trainer.run(
            new TrainingCommand(
                "(trap 'sleep 0.5; touch cleaned; exit 0' TERM; echo \"helper pid $(exec sh -c"
                    + " 'echo $PPID')\"; while true; do sleep 0.1; done) & sleep 0.3; echo done",
                null,
                null,
                null,
                Duration.ofSeconds(5)),
            temp,
            lines::add);
    assertEquals(0, outcome.exitCode());
    assertTrue(Files.exists(temp.resolve("cleaned")), "the leftover was killed before its cleanup");
    assertFalse(running(number(PID, lines)));
  }

  @Test
  void aFinishedCommandLeavesNothingBehind(@TempDir Path temp) throws Exception {
    List<String> lines = new ArrayList<>();
    TrainingOutcome outcome =
        trainer.run(
            new TrainingCommand(
                "sleep 60 & echo \"helper pid $!\"; echo done",
                null,
                null,
                null,
                Duration.ofSeconds(5)),
            temp,
            lines::add);
    assertEquals(0, outcome.exitCode());
    assertEquals(List.of("done"), lines.subList(1, lines.size()));
    assertFalse(running(number(PID, lines)));
  }

  @Test
  void lastCheckpointIsTheHighestComplete(@TempDir Path out) throws Exception {
    for (String name : List.of("checkpoint-5", "checkpoint-20", "checkpoint-100", "checkpoint-x")) {
      Files.createDirectories(out.resolve(name));
    }
    for (String name : List.of("checkpoint-5", "checkpoint-20", "checkpoint-x")) {
      Files.writeString(out.resolve(name).resolve("trainer_state.json"), "{}");
    }
    assertEquals(out.resolve("checkpoint-20"), CommandTrainer.lastCheckpoint(out).orElseThrow());
    assertTrue(CommandTrainer.lastCheckpoint(out.resolve("missing")).isEmpty());
  }

  @Test
  void progressLinesAreRecognised() {
    assertTrue(CommandTrainer.isProgress("{'loss': 0.8213, 'grad_norm': 1.2, 'epoch': 0.12}"));
    assertTrue(CommandTrainer.isProgress(" 12%|█▏        | 42/345 [01:10<08:20,  1.65s/it]"));
    assertTrue(CommandTrainer.isProgress("DISTILL_PROGRESS step 3 of 9"));
    assertFalse(CommandTrainer.isProgress("[INFO] loading checkpoint shards"));
    assertFalse(CommandTrainer.isProgress("Saving model checkpoint to out/checkpoint-5"));
  }

  /**
   * Runs {@code command} on a thread of its own, interrupts that thread once a line matches {@code
   * when}, and returns what the run threw (null if it returned).
   */
  Throwable interruptWhen(
      Path work, TrainingCommand command, List<String> lines, Predicate<String> when)
      throws Exception {
    CountDownLatch seen = new CountDownLatch(1);
    AtomicReference<Throwable> thrown = new AtomicReference<>();
    Thread runner =
        new Thread(
            () -> {
              try {
                trainer.run(
                    command,
                    work,
                    line -> {
                      lines.add(line);
                      if (when.test(line)) {
                        seen.countDown();
                      }
                    });
              } catch (Throwable t) {
                thrown.set(t);
              }
            });
    runner.start();
    assertTrue(seen.await(30, TimeUnit.SECONDS), lines::toString);
    runner.interrupt();
    runner.join(TimeUnit.SECONDS.toMillis(30));
    assertFalse(runner.isAlive(), "run returned after the interrupt");
    assertNotNull(thrown.get(), "run threw");
    return thrown.get();
  }
}
