package dev.distillery.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 14, item 6: a sweep of 10^6 experiments is validated and planned one experiment at a time
 * in a JVM of half a gigabyte, and {@code run} refuses it with the count, the limit and how to
 * split it, never an {@code OutOfMemoryError}. Each command runs in a JVM of its own, with that
 * heap.
 */
class MillionExperimentSweepTest {
  private static final List<String> HEAP = List.of("-Xmx512m", "-XX:+UseParallelGC");
  private static final long SECONDS = 90;

  @TempDir Path home;

  private final List<Process> started = new ArrayList<>();

  @AfterEach
  void stopWhatIsLeft() throws InterruptedException {
    for (Process process : started) {
      process.destroyForcibly().waitFor();
    }
  }

  private Process start(Map<String, String> env, Path log, String... args) throws IOException {
    Process process = DistillProcess.start(HEAP, env, log, args);
    started.add(process);
    return process;
  }

  /** One stage, three grid axes of 100 values: 10^6 experiments with a stage each of their own. */
  private Path millionSweep() throws IOException {
    String values =
        IntStream.rangeClosed(1, 100).mapToObj(Integer::toString).collect(Collectors.joining(", "));
    return tinySweep(
        "million",
        """
        stages.source.count: [%1$s]
        stages.source.seed: [%1$s]
        stages.source.max_operand: [%1$s]
        """
            .formatted(values));
  }

  /**
   * Writes {@code name.yaml}: sweep {@code name} over a recipe of one small source stage, with the
   * axes of {@code grid} (lines {@code stages.source.PARAM: [VALUES]}).
   */
  private Path tinySweep(String name, String grid) throws IOException {
    return Files.writeString(
        home.resolve(name + ".yaml"),
        """
        sweep: %s
        recipe:
          recipe: tiny
          stages:
            - {id: source, kind: synthetic-arithmetic, params: {count: 10}}
        grid:
        %s"""
            .formatted(name, grid.indent(2)));
  }

  @Test
  void validateAndPlanStreamAMillionExperimentsAndRunRefusesThem() throws Exception {
    Path sweep = millionSweep();
    Path validateLog = home.resolve("validate.log");
    Path planLog = home.resolve("plan.log");
    Map<String, String> env = Map.of("DISTILL_HOME", home.toString());
    Process validate = start(env, validateLog, "validate", sweep.toString());
    Process plan = start(env, planLog, "plan", sweep.toString());

    assertEquals(0, exit(validate, validateLog), tail(validateLog));
    String validated = Files.readString(validateLog);
    assertTrue(
        validated.contains(
            sweep + ": ok (sweep 'million', 1000000 experiments, 1000000 unique stages)"),
        validated);
    assertTrue(
        validated.contains("but `run` and `submit` take at most 10,000 experiments in one sweep"),
        validated);

    assertEquals(0, exit(plan, planLog), tail(planLog));
    try (Stream<String> lines = Files.lines(planLog)) {
      assertEquals(
          1_000_000,
          lines.filter(l -> l.startsWith("  count-")).count(),
          "one line per experiment: " + tail(planLog));
    }
    String summary = tail(planLog);
    assertTrue(summary.contains("\n1000000 unique stages:\n"), summary);
    assertTrue(summary.contains("source               1000000"), summary);
    assertTrue(summary.contains("not looked up in the store one by one"), summary);

    String refused = refusal(env, "run", sweep);
    assertTrue(
        refused.contains(
            sweep
                + ": sweep 'million' has 1,000,000 experiments (grid 100 x 100 x 100), more than"
                + " the 10,000 that `run` and `submit` take in one sweep. Split it into 100 sweeps"
                + " of 10,000 experiments, one per value of 'stages.source.count'"),
        refused);
  }

  /** Counting needs no expansion: 10^20 experiments are refused at once, with no overflow. */
  @Test
  void aSweepTooLargeToCountIsRefusedAtOnce() throws Exception {
    String axis =
        IntStream.range(1, 10_001).mapToObj(Integer::toString).collect(Collectors.joining(", "));
    Path sweep =
        tinySweep(
            "huge",
            """
            stages.source.count: [%1$s]
            stages.source.seed: [%1$s]
            stages.source.max_operand: [%1$s]
            stages.source.operations: [%1$s]
            stages.source.source_name: [%2$s]
            """
                .formatted(axis, axis.replaceAll("(\\d+)", "s$1")));
    Map<String, String> env = Map.of("DISTILL_HOME", home.toString());
    for (String command : List.of("validate", "run")) {
      String refused = refusal(env, command, sweep);
      assertTrue(
          refused.contains(
              sweep
                  + ": sweep 'huge' has more than 9,223,372,036,854,775,807 experiments (grid"
                  + " 10,000 x 10,000 x 10,000 x 10,000 x 10,000), more than the "
                  + (command.equals("run")
                      ? "10,000 that `run` and `submit` take"
                      : "1,000,000 that `validate` and `plan` expand")
                  + " in one sweep. Sweep fewer values, or split it into sweeps of at most 10,000"
                  + " experiments"),
          refused);
    }
  }

  /**
   * Runs {@code distill COMMAND SWEEP}, which must refuse the sweep (exit 2) without a stack trace
   * or error, and returns what it wrote.
   */
  private String refusal(Map<String, String> env, String command, Path sweep) throws Exception {
    Path log = home.resolve(command + ".log");
    Process process = start(env, log, command, sweep.toString());
    assertEquals(ExitCodes.INVALID_INPUT, exit(process, log), tail(log));
    String refused = Files.readString(log);
    assertFalse(refused.contains("\tat ") || refused.contains("Error"), refused);
    return refused;
  }

  private static int exit(Process process, Path log) throws Exception {
    if (!process.waitFor(SECONDS, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor();
      throw new AssertionError(
          "did not finish in " + SECONDS + " s with " + HEAP + ":\n" + tail(log));
    }
    return process.exitValue();
  }

  /** The end of a log: a plan's summary, or the error that ended a command. */
  private static String tail(Path log) throws IOException {
    try (Stream<String> lines = Files.lines(log)) {
      List<String> all = lines.filter(l -> !l.startsWith("  count-")).toList();
      return String.join("\n", all.subList(Math.max(0, all.size() - 40), all.size()));
    }
  }
}
