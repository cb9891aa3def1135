package dev.distillery.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.distillery.config.DevStack;
import dev.distillery.llm.simulated.SimulatedLlmServer;
import dev.distillery.plan.ExperimentPlan;
import dev.distillery.plan.PlannedStage;
import dev.distillery.plan.StageRef;
import dev.distillery.plan.SweepPlan;
import dev.distillery.store.Manifest;
import dev.distillery.worker.Stack;
import dev.distillery.workflow.ExecutionSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code distill status --watch}, {@code status --json} and {@code results} on a sweep running on
 * the embedded stack, then on the same store after Temporal stopped and forgot it.
 */
class StatusLiveTest {
  @TempDir Path home;

  @Test
  void watchFollowsALiveSweepToItsEndAndResultsCarryItsSpend() throws Exception {
    Files.writeString(
        home.resolve("recipe.yaml"),
        """
        recipe: live
        stages:
          - id: source
            kind: synthetic-arithmetic
            params: {count: 30, seed: 3, max_operand: 1000}
          - id: teacher
            kind: teacher
            params:
              base_url: simulated://live
              model: simulated-teacher
        """);
    Path sweepFile = home.resolve("sweep.yaml");
    Files.writeString(
        sweepFile,
        """
        sweep: live
        recipe: recipe.yaml
        grid:
          stages.teacher.n: [1, 2]
        """);
    SweepPlan plan = SweepFiles.plan(sweepFile);
    CliHarness cli = new CliHarness(home);
    try (SimulatedLlmServer llm = TestStacks.simulator(20);
        Stack stack = TestStacks.embedded(home, llm)) {
      stack.startWorker(4);
      TestStacks.submit(stack, plan, new ExecutionSettings(30, 30));
      // As `distill dev` does, so the CLI finds this stack and its local S3 credentials.
      new DevStack(
              stack.temporalAddress(), stack.s3Endpoint(), stack.storeLocation(), llm.baseUrl())
          .write(home);

      assertEquals(
          ExitCodes.OK, cli.run("status", "live", "--watch", "--interval", "0.2"), cli.err);
      List<String> snapshots = List.of(cli.out.split("(?m)^-- \\d\\d:\\d\\d:\\d\\d\\R"));
      assertTrue(snapshots.get(snapshots.size() - 1).contains("Sweep 'live' finished"), cli.out);
      for (String snapshot : snapshots) {
        assertTrue(
            snapshot.startsWith("EXPERIMENT"), "each snapshot is a whole table: " + snapshot);
      }
      assertFalse(cli.out.contains(StatusCommand.CLEAR), "no ANSI codes when not a terminal");
      String last = snapshots.get(snapshots.size() - 1);
      assertEquals(
          2,
          last.lines()
              .filter(l -> l.matches("\\S+ +succeeded +2/2 +\\S+/\\S+ +(done|reused) +done"))
              .count(),
          last);

      assertEquals(ExitCodes.OK, cli.run("status", "live", "--json"), cli.err);
      JsonNode doc = SweepClient.JSON.readTree(cli.out);
      assertEquals("temporal", doc.path("source").asText());
      assertEquals("SUCCEEDED", doc.path("state").asText());
      long tokens = distinctTeacherTokens(stack, plan);
      assertTrue(tokens > 0, "the simulated teacher counts tokens");
      assertEquals(tokens, doc.path("totals").path("tokens").asLong(), cli.out);
      for (JsonNode e : doc.path("experiments")) {
        assertEquals("SUCCEEDED", e.path("state").asText());
        assertEquals(2, e.path("stages").size());
        assertEquals(30, e.path("stages").get(0).path("rowsOut").asLong(), e.toString());
      }

      assertEquals(ExitCodes.OK, cli.run("results", "live", "--format", "csv"), cli.err);
      List<String> lines = List.of(cli.out.split("\r\n"));
      assertEquals(3, lines.size(), cli.out);
      assertTrue(lines.get(0).startsWith("experiment,stages.teacher.n,state,rows_out,"), cli.out);
      assertTrue(lines.get(0).contains(",teacher.rows_out,tokens,cost_usd"), cli.out);
      for (String row : lines.subList(1, 3)) {
        assertTrue(row.matches("[^,]+,[12],succeeded,\\d+,.*"), row);
      }
    }

    // The embedded Temporal server is gone with its history; the store remains.
    DevStack.delete(home);
    CliHarness after = new CliHarness(home);
    assertEquals(ExitCodes.OK, after.run("status", "live", "--json"), after.err);
    JsonNode doc = SweepClient.JSON.readTree(after.out);
    assertEquals("store", doc.path("source").asText(), after.out);
    assertEquals(2, doc.path("experiments").size(), after.out);
    assertEquals(ExitCodes.OK, after.run("results", "live"), after.err);
    assertTrue(after.out.startsWith("experiment  n  state"), after.out);
    assertEquals(2, after.out.lines().filter(l -> l.matches("n-[12] +[12] +succeeded .*")).count());
  }

  /** Tokens of the distinct teacher manifests, read straight from the store. */
  private static long distinctTeacherTokens(Stack stack, SweepPlan plan) throws Exception {
    Set<String> keys = new HashSet<>();
    long tokens = 0;
    for (ExperimentPlan e : plan.experiments()) {
      for (PlannedStage s : e.stages()) {
        if (keys.add(s.key())) {
          Manifest m = stack.store().findManifest(new StageRef(s.kind(), s.key())).orElseThrow();
          tokens +=
              m.extra().getOrDefault("prompt_tokens", 0L)
                  + m.extra().getOrDefault("completion_tokens", 0L);
        }
      }
    }
    return tokens;
  }
}
