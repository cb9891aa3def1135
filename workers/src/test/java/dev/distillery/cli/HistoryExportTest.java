package dev.distillery.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.distillery.llm.simulated.SimulatedLlmConfig;
import dev.distillery.llm.simulated.SimulatedLlmServer;
import dev.distillery.worker.Stack;
import dev.distillery.workflow.ExperimentWorkflowImpl;
import dev.distillery.workflow.StageWorkflowImpl;
import dev.distillery.workflow.SweepResult;
import dev.distillery.workflow.SweepWorkflowImpl;
import io.temporal.api.enums.v1.EventType;
import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.testing.WorkflowReplayer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code distill history export}: a sweep's histories, from Temporal while it knows them and from
 * the store after the embedded server forgot them, parse as Temporal's JSON history format and
 * replay against the current workflow code.
 */
class HistoryExportTest {
  @TempDir Path home;
  @TempDir Path out;

  @Test
  void historiesOutliveARestartOfTheServerAndReplay() throws Exception {
    Path sweep = sweepFile();
    CliHarness cli = new CliHarness(home);
    try (SimulatedLlmServer llm =
        SimulatedLlmServer.start(SimulatedLlmConfig.builder().latency(Duration.ZERO).build())) {
      try (Stack stack = TestStacks.embedded(home, llm)) {
        SweepResult result = TestStacks.await(TestStacks.submit(stack, sweep), "audit");
        assertEquals(0, result.failed(), result.toString());
        TestStacks.connect(cli, stack);
        assertEquals(
            ExitCodes.OK,
            cli.run("history", "export", "audit", "--to", out.resolve("live").toString()),
            cli.err);
        assertTrue(cli.out.contains("0 from the store"), cli.out);
      }
      // A new embedded server on the same DISTILL_HOME knows none of the sweep's workflows.
      try (Stack stack = TestStacks.embedded(home, llm)) {
        TestStacks.connect(cli, stack);
        assertEquals(
            ExitCodes.OK,
            cli.run("history", "export", "audit", "--to", out.resolve("kept").toString()),
            cli.err);
        assertTrue(cli.out.contains("(0 from Temporal at " + stack.temporalAddress()), cli.out);
      }
    }
    Set<String> live = files(out.resolve("live"));
    Set<String> kept = files(out.resolve("kept"));
    assertEquals(live, kept);
    // The sweep, its two experiments and the stages they ran: one shared source, two teachers,
    // two exports.
    assertEquals(8, kept.size(), kept.toString());
    for (String file : kept) {
      WorkflowExecutionHistory history =
          WorkflowExecutionHistory.fromJson(Files.readString(out.resolve("kept").resolve(file)));
      assertEquals(
          EventType.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED,
          history.getLastEvent().getEventType(),
          file);
      WorkflowReplayer.replayWorkflowExecution(
          history, SweepWorkflowImpl.class, ExperimentWorkflowImpl.class, StageWorkflowImpl.class);
    }

    // With no service at all, the store alone answers; --experiment narrows to one and its stages.
    CliHarness offline = new CliHarness(home);
    assertEquals(
        ExitCodes.OK,
        offline.run(
            "history",
            "export",
            "audit",
            "--experiment",
            "temperature-0.1",
            "--to",
            out.resolve("one").toString()),
        offline.err);
    Set<String> one = files(out.resolve("one"));
    assertEquals(4, one.size(), one.toString());
    assertTrue(one.stream().anyMatch(f -> f.startsWith("audit/temperature-0.1/")), one.toString());
    assertFalse(one.stream().anyMatch(f -> f.startsWith("audit/temperature-0.2/")), one.toString());
  }

  @Test
  void unknownSweepsBadFoldersAndUnknownExperimentsAreSaidClearly() throws Exception {
    CliHarness cli = new CliHarness(home);
    assertEquals(
        ExitCodes.UNAVAILABLE,
        cli.run("history", "export", "nosuch", "--to", out.resolve("x").toString()));
    assertTrue(cli.err.contains("knows no sweep 'nosuch'"), cli.err);
    assertTrue(cli.err.contains("distill ls"), cli.err);
    assertFalse(cli.err.contains("\tat "), cli.err);

    Path file = Files.writeString(out.resolve("a-file"), "x");
    assertEquals(
        ExitCodes.INVALID_INPUT,
        cli.run("history", "export", "nosuch", "--to", file.resolve("sub").toString()));
    assertTrue(cli.err.contains(file + " is a file, not a folder"), cli.err);

    assertEquals(ExitCodes.INVALID_INPUT, cli.run("history", "export", "nosuch"));
    assertTrue(cli.err.contains("--to"), cli.err);

    assertEquals(ExitCodes.OK, cli.run("history", "export", "--help"));
    assertTrue(cli.out.contains("history import page"), cli.out);
    assertTrue(cli.out.contains("--experiment"), cli.out);
  }

  private Path sweepFile() throws IOException {
    TestRecipes.smallTeacherRecipe(home, "recipe.yaml", "audited");
    return Files.writeString(
        home.resolve("sweep.yaml"),
        """
        sweep: audit
        recipe: recipe.yaml
        grid:
          stages.teacher.temperature: [0.1, 0.2]
        """);
  }

  private static Set<String> files(Path dir) throws IOException {
    try (Stream<Path> walk = Files.walk(dir)) {
      return walk.filter(Files::isRegularFile)
          .map(p -> dir.relativize(p).toString())
          .collect(Collectors.toSet());
    }
  }
}
