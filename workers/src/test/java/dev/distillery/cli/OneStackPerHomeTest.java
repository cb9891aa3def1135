package dev.distillery.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One embedded stack per {@code DISTILL_HOME}: a second {@code run} waits for the first instead of
 * computing everything again, a second {@code dev} is refused and leaves the first's stack file
 * alone, {@code resume} works without {@code dev}, and {@code status} of a sweep whose process died
 * shows the stages the store holds.
 */
class OneStackPerHomeTest {
  private static final String DEMO = CliHarness.repo("recipes/demo/sweep.yaml");

  @TempDir Path home;

  @Test
  void twoRunsOfOneSweepOnOneHomeComputeEachStageOnce() throws Exception {
    CliHarness first = new CliHarness(home);
    CliHarness second = new CliHarness(home);

    CompletableFuture<Integer> a = CompletableFuture.supplyAsync(() -> first.run("run", DEMO));
    CompletableFuture<Integer> b = CompletableFuture.supplyAsync(() -> second.run("run", DEMO));

    assertEquals(ExitCodes.OK, a.get(5, TimeUnit.MINUTES), first.out + first.err);
    assertEquals(ExitCodes.OK, b.get(5, TimeUnit.MINUTES), second.out + second.err);
    Matcher one = RunCommandTest.summary(first.out);
    Matcher two = RunCommandTest.summary(second.out);
    assertEquals(
        20,
        Integer.parseInt(one.group(3)) + Integer.parseInt(two.group(3)),
        "the 20 unique stages computed once over both runs:\n" + first.out + "\n" + second.out);
    assertTrue(
        (first.out + second.out).contains("Waiting for pid " + ProcessHandle.current().pid()),
        "the later run names the one it waits for:\n" + first.out + "\n" + second.out);
    assertFalse(Files.exists(home.resolve("dev-stack.properties")), "a run's stack file goes");
  }

  @Test
  void statusInAnotherTerminalSeesARunLive() throws Exception {
    ArithmeticBenchmark.write(home.resolve("b.jsonl"), 400, 3, 90);
    Files.writeString(
        home.resolve("live.yaml"),
        """
        recipe: live
        stages:
          - id: eval
            kind: eval
            params:
              base_url: simulated://live
              model: simulated-teacher
              benchmarks: {b: %s}
              types: {b: math}
              repeats: {b: 4}
              max_tokens: 2048
              concurrency: 4
        """
            .formatted(home.resolve("b.jsonl")));
    CliHarness runner = new CliHarness(home);
    CompletableFuture<Integer> run =
        CompletableFuture.supplyAsync(
            () -> runner.run("run", home.resolve("live.yaml").toString()));
    CliHarness cli = new CliHarness(home);
    String seen = "";
    while (!run.isDone() && !seen.matches("(?s).*running +\\d+/1600 rows.*")) {
      if (cli.run("status", "live") == ExitCodes.OK) {
        seen = cli.out;
      }
      Thread.sleep(200);
    }
    assertEquals(ExitCodes.OK, run.get(2, TimeUnit.MINUTES), runner.out + runner.err);
    assertTrue(
        seen.matches("(?s).*running +\\d+/1600 rows.*"),
        "status showed the run's stage and its rows while it ran: " + seen);
  }

  @Test
  void aSecondDevOnOneHomeIsRefusedAndTheFirstKeepsItsStackFile() throws Exception {
    Process dev = DistillProcess.startDev(home, Map.of(), home.resolve("dev.log"));
    try {
      Path file = home.resolve("dev-stack.properties");
      for (int i = 0; i < 100 && (!Files.exists(file) || Files.size(file) == 0); i++) {
        Thread.sleep(100); // dev writes it last, once its worker is up
      }
      String stackFile = Files.readString(file);
      assertTrue(stackFile.contains("owner=dev"), stackFile);
      CliHarness cli = new CliHarness(home);

      int code =
          assertTimeoutPreemptively(
              Duration.ofSeconds(60),
              () -> cli.run("dev", "--temporal-port", "0", "--s3-port", "0", "--llm-port", "0"));

      assertEquals(ExitCodes.INVALID_INPUT, code, cli.out + cli.err);
      assertTrue(cli.err.contains("a `distill dev` already runs for DISTILL_HOME"), cli.err);
      assertTrue(cli.err.contains("pid " + dev.pid() + ": distill dev"), cli.err);
      assertFalse(cli.err.contains("\tat "), cli.err);
      assertEquals(stackFile, Files.readString(file));
      assertEquals(ExitCodes.OK, cli.run("run", DEMO), cli.err);
      assertTrue(cli.out.contains("Using the `distill dev` stack"), cli.out);
    } finally {
      dev.destroy();
      dev.waitFor(30, TimeUnit.SECONDS);
      dev.destroyForcibly();
    }
  }

  @Test
  void afterAKilledRunStatusShowsStoredStagesAndResumeRunsTheRestWithoutDev() throws Exception {
    CliHarness cli = new CliHarness(home);
    assertEquals(ExitCodes.OK, cli.run("run", DEMO), cli.err);
    // What a run killed before its exports leaves: no experiment records, no export manifests.
    Path bucket = home.resolve("s3").resolve("distillery");
    deleteTree(bucket.resolve("sweeps/demo/experiments"));
    List<Path> exports;
    try (Stream<Path> files = Files.walk(bucket.resolve("stages/export"))) {
      exports = files.filter(f -> f.getFileName().toString().equals("manifest.json")).toList();
    }
    assertEquals(4, exports.size(), "one export per experiment");
    for (Path manifest : exports) {
      Files.delete(manifest);
    }

    assertEquals(ExitCodes.OK, cli.run("status", "demo"), cli.err);
    assertTrue(cli.out.contains("4 stopped part-way (`distill resume demo`"), cli.out);
    // Four stored of source, dedup, filter and teacher; train and eval wait for the exports.
    assertTrue(cli.out.contains("Stages 16 done, 0 reused"), "4 stored of each: " + cli.out);
    assertFalse(cli.out.contains("not started"), cli.out);

    assertEquals(ExitCodes.OK, cli.run("resume", "demo"), cli.out + cli.err);
    assertTrue(cli.out.contains("resuming with services in this process"), cli.out);
    // Progress lines: "EXPERIMENT  STAGE  computed|reused  IN -> OUT".
    assertEquals(4, lines(cli.out, ".* export +computed +\\d+ -> .*"), cli.out);
    assertEquals(4, lines(cli.out, ".* computed +\\d+ -> .*"), "only exports: " + cli.out);
    // The exports come out as before, so train and eval after them are reused too.
    assertEquals(24, lines(cli.out, ".* reused +\\d+ -> .*"), cli.out);
  }

  private static long lines(String out, String regex) {
    return out.lines().filter(l -> l.matches(regex)).count();
  }

  private static void deleteTree(Path dir) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path f : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(f);
      }
    }
  }
}
