package dev.distillery.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.distillery.llm.simulated.SimulatedLlmServer;
import dev.distillery.worker.Stack;
import dev.distillery.workflow.ExecutionSettings;
import dev.distillery.workflow.ExperimentResult;
import dev.distillery.workflow.StageOutcome;
import dev.distillery.workflow.StageResult;
import dev.distillery.workflow.SweepResult;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 4's acceptance on the embedded stack: shared stages run once, resume after a restart. */
class SweepAcceptanceTest {
  private static final String RECIPE =
      """
      recipe: acceptance
      stages:
        - id: source
          kind: synthetic-arithmetic
          params: {count: 60, seed: 3}
        - id: dedup
          kind: dedup
        - id: filter
          kind: filter-questions
          params: {keep: 0.5}
        - id: teacher
          kind: teacher
          params:
            base_url: simulated://arithmetic
            model: simulated-teacher
          retry: {max_attempts: 1}
        - id: export
          kind: export
      """;

  @TempDir Path home;

  @Test
  void aThreeByThreeGridRunsItsSharedFirstThreeStagesOnce() throws Exception {
    Path sweep =
        write(
            """
            sweep: grid
            recipe: recipe.yaml
            parallelism: 9
            grid:
              stages.teacher.temperature: [0.5, 0.7, 1.0]
              stages.teacher.max_tokens: [1024, 2048, 4096]
            """);
    // Experiments joining a running stage must read their failed child start: the SDK logs an
    // ignored failure with its stack trace each time it closes a workflow holding one.
    ch.qos.logback.classic.Logger root =
        (ch.qos.logback.classic.Logger)
            org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> logged =
        new ch.qos.logback.core.read.ListAppender<>();
    logged.start();
    root.addAppender(logged);
    try (SimulatedLlmServer llm = TestStacks.simulator(5);
        Stack stack = TestStacks.embedded(home, llm)) {
      stack.startWorker(8);
      SweepClient sweeps =
          TestStacks.submit(stack, SweepFiles.plan(sweep), new ExecutionSettings(30, 5));
      SweepResult result = sweeps.await("grid", null);
      assertEquals(
          List.of(),
          logged.list.stream()
              .map(ch.qos.logback.classic.spi.ILoggingEvent::getFormattedMessage)
              .filter(m -> m.contains("never accessed"))
              .toList(),
          "no ignored promise failures logged");

      assertEquals(9, result.experiments().size());
      assertEquals(0, result.failed(), result.toString());
      Map<String, Integer> computed = new HashMap<>();
      Map<String, Set<String>> keysByStage = new HashMap<>();
      for (ExperimentResult e : result.experiments()) {
        for (StageResult s : e.stages()) {
          keysByStage.computeIfAbsent(s.stageId(), k -> new HashSet<>()).add(s.key());
          if (s.outcome() == StageOutcome.COMPUTED) {
            computed.merge(s.key(), 1, Integer::sum);
          }
        }
      }
      for (String shared : new String[] {"source", "dedup", "filter"}) {
        assertEquals(1, keysByStage.get(shared).size(), shared + " has one content address");
      }
      assertEquals(9, keysByStage.get("teacher").size());
      assertEquals(9, keysByStage.get("export").size());
      assertEquals(21, computed.size(), "every unique content address was computed");
      computed.forEach((key, n) -> assertEquals(1, n, "executions of " + key));
    } finally {
      root.detachAppender(logged);
    }
  }

  @Test
  void afterAFailureAndARestartOfTheWholeStackResumeFinishesWithoutRecomputing() throws Exception {
    Path sweep =
        write(
            """
            sweep: flaky
            recipe: recipe.yaml
            parallelism: 4
            grid:
              stages.teacher.api_key_env: [DISTILL_KEY_A, DISTILL_KEY_B]
              stages.teacher.n: [1, 2]
            """);
    Set<String> keysBefore = new HashSet<>();
    try (SimulatedLlmServer llm = TestStacks.simulator(5);
        Stack stack = TestStacks.embedded(home, llm, Map.of("DISTILL_KEY_A", "a"))) {
      stack.startWorker(8);
      SweepClient sweeps =
          TestStacks.submit(stack, SweepFiles.plan(sweep), new ExecutionSettings(30, 5));
      SweepResult first = sweeps.await("flaky", null);

      assertEquals(2, first.failed(), "the experiments whose key variable is unset");
      for (ExperimentResult e : first.experiments()) {
        if (!e.succeeded()) {
          assertTrue(e.failure().contains("DISTILL_KEY_B"), e.failure());
          assertEquals(3, e.stages().size(), "source, dedup and filter finished");
        }
        e.stages().forEach(s -> keysBefore.add(s.key()));
      }
    }
    // A new embedded stack on the same home: Temporal starts empty, the store is on disk.
    try (SimulatedLlmServer llm = TestStacks.simulator(5);
        Stack stack =
            TestStacks.embedded(home, llm, Map.of("DISTILL_KEY_A", "a", "DISTILL_KEY_B", "b"))) {
      stack.startWorker(8);
      CliHarness cli = TestStacks.connect(new CliHarness(home), stack);
      cli.run("status", "flaky");
      assertTrue(cli.out.contains("Temporal does not know sweep 'flaky'"), cli.out);
      assertTrue(cli.out.contains("(2 failed)"), "from the store's records: " + cli.out);

      assertEquals(ExitCodes.OK, cli.run("resume", "flaky", "--wait"), cli.out + cli.err);

      SweepResult resumed = new SweepClient(stack.client(), stack.blobs()).recordedResult("flaky");
      assertEquals(0, resumed.failed(), resumed.toString());
      int computedNow = 0;
      for (ExperimentResult e : resumed.experiments()) {
        for (StageResult s : e.stages()) {
          if (keysBefore.contains(s.key())) {
            assertNotEquals(StageOutcome.COMPUTED, s.outcome(), "recomputed " + s.stageId());
          } else {
            computedNow++;
            assertTrue(Set.of("teacher", "export").contains(s.stageId()), s.stageId());
          }
        }
      }
      assertEquals(4, computedNow, "the two teachers and exports that had failed");
      assertFalse(cli.out.contains("FAILED"), cli.out);

      String chosen = resumed.experiments().get(0).experiment();
      assertEquals(
          ExitCodes.OK,
          cli.run("resume", "flaky", "--rerun-from", "teacher", "--experiment", chosen, "--wait"),
          cli.out + cli.err);
      SweepResult rerun = new SweepClient(stack.client(), stack.blobs()).recordedResult("flaky");
      for (StageResult s : rerun.experiments().get(0).stages()) {
        boolean downstream = Set.of("teacher", "export").contains(s.stageId());
        assertEquals(
            downstream ? StageOutcome.COMPUTED : StageOutcome.REUSED, s.outcome(), s.stageId());
      }
      rerun.experiments().stream()
          .skip(1)
          .flatMap(e -> e.stages().stream())
          .forEach(s -> assertEquals(StageOutcome.REUSED, s.outcome(), s.stageId()));
      assertEquals(ExitCodes.INVALID_INPUT, cli.run("resume", "flaky", "--rerun-from", "teachr"));
      assertTrue(cli.err.contains("Stage ids: source, dedup, filter, teacher, export"), cli.err);
    }
  }

  private Path write(String sweep) throws Exception {
    Files.writeString(home.resolve("recipe.yaml"), RECIPE);
    Path file = home.resolve("sweep.yaml");
    Files.writeString(file, sweep);
    return file;
  }

  private static PrintWriter quiet() {
    return new PrintWriter(new StringWriter());
  }
}
