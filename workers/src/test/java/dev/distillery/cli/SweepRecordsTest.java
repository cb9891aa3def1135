package dev.distillery.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.distillery.llm.simulated.SimulatedLlmConfig;
import dev.distillery.llm.simulated.SimulatedLlmServer;
import dev.distillery.plan.ExperimentPlan;
import dev.distillery.plan.PlannedStage;
import dev.distillery.plan.SweepPlan;
import dev.distillery.recipe.Budget;
import dev.distillery.store.Manifest;
import dev.distillery.store.RowCounters;
import dev.distillery.worker.Stack;
import dev.distillery.workflow.ExperimentResult;
import dev.distillery.workflow.StageOutcome;
import dev.distillery.workflow.StageResult;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code distill status} and {@code distill results} when Temporal does not know the sweep: they
 * read the saved plan and the per-experiment records from the store, and the spend from the
 * manifests, each distinct manifest once.
 */
class SweepRecordsTest {
  @TempDir Path home;

  private SweepPlan plan;

  /** Saves a 2x2 plan, records for two experiments (one failed) and three manifests. */
  private void storeASweepTemporalForgot() throws Exception {
    TestRecipes.tinyDedupRecipe(home);
    Path sweep = home.resolve("sweep.yaml");
    Files.writeString(
        sweep,
        """
        sweep: tiny
        recipe: recipe.yaml
        grid:
          stages.source.count: [5, 6]
          stages.dedup.method: [exact, none]
        """);
    plan = SweepFiles.plan(sweep);
    try (Stack stack = TestStacks.open(home, Stack.Mode.STORE_ONLY)) {
      stack.blobs().put(SweepClient.planKey("tiny"), SweepClient.JSON.writeValueAsBytes(plan));
      ExperimentPlan a = experiment("5", "exact");
      ExperimentPlan b = experiment("5", "none");
      PlannedStage source = a.stages().get(0);
      assertEquals(source.key(), b.stages().get(0).key(), "a and b share their source");
      manifest(stack, source, 10, 100, 50, 2_500);
      manifest(stack, a.stages().get(1), 10, 0, 0, 1_000);
      record(
          stack,
          new ExperimentResult(
              a.name(),
              a.axisValues(),
              true,
              null,
              List.of(
                  result(source, StageOutcome.COMPUTED, 10, 10),
                  result(a.stages().get(1), StageOutcome.COMPUTED, 10, 7))));
      record(
          stack,
          new ExperimentResult(
              b.name(),
              b.axisValues(),
              false,
              "stage 'dedup' (dedup) failed: disk, full",
              List.of(result(source, StageOutcome.REUSED, 10, 10))));
    }
  }

  private ExperimentPlan experiment(String count, String method) {
    return plan.experiments().stream()
        .filter(
            e ->
                e.axisValues().get("stages.source.count").equals(count)
                    && e.axisValues().get("stages.dedup.method").equals(method))
        .findFirst()
        .orElseThrow();
  }

  private static void manifest(
      Stack stack, PlannedStage stage, long rows, long prompt, long completion, long microUsd)
      throws Exception {
    stack
        .store()
        .putManifest(
            new Manifest(
                Manifest.FORMAT_VERSION,
                stage.key(),
                stage.kind(),
                stage.kindVersion(),
                stage.id(),
                stage.params(),
                stage.inputs(),
                List.of(),
                List.of(),
                new RowCounters(rows, rows, Map.of()),
                Map.of(
                    "prompt_tokens", prompt,
                    "completion_tokens", completion,
                    "cost_microusd", microUsd),
                Instant.EPOCH,
                Instant.EPOCH,
                "test",
                "stage/x",
                "run",
                "test",
                List.of()));
  }

  private static StageResult result(PlannedStage s, StageOutcome outcome, long in, long out) {
    return new StageResult(s.id(), s.kind(), s.key(), outcome, "s3://x", in, out, Map.of(), 5);
  }

  private static void record(Stack stack, ExperimentResult result) throws Exception {
    stack
        .blobs()
        .put(
            SweepRecords.key("tiny", result.experiment()),
            SweepClient.JSON.writeValueAsBytes(result));
  }

  @Test
  void statusShowsRecordedExperimentsAndCountsEachManifestOnce() throws Exception {
    storeASweepTemporalForgot();
    CliHarness cli = new CliHarness(home);

    assertEquals(ExitCodes.OK, cli.run("status", "tiny"), cli.err);
    String a = experiment("5", "exact").name();
    String b = experiment("5", "none").name();
    assertTrue(
        cli.out.lines().anyMatch(l -> l.matches(a + " +succeeded +2/2 +dedup/\\w+ +done +done")),
        cli.out);
    assertTrue(
        cli.out.lines().anyMatch(l -> l.matches(b + " +failed +1/2 +- +reused +failed")), cli.out);
    assertEquals(
        2,
        cli.out.lines().filter(l -> l.matches(".* not started +0/2 +- +waiting +waiting")).count(),
        cli.out);
    assertTrue(cli.out.contains(b + ": stage 'dedup' (dedup) failed: disk, full"), cli.out);
    assertTrue(
        cli.out.contains(
            "2 of 4 experiments ended (1 failed), 0 running, 0 waiting, 2 not started."),
        cli.out);
    assertTrue(
        cli.out.contains("150 tokens, $0.0035 so far"), "source once, dedup once: " + cli.out);
    assertTrue(cli.out.contains("distill resume tiny"), cli.out);

    assertEquals(ExitCodes.OK, cli.run("status", "tiny", "--json"), cli.err);
    JsonNode doc = SweepClient.JSON.readTree(cli.out);
    assertEquals("INCOMPLETE", doc.path("state").asText());
    assertEquals("store", doc.path("source").asText());
    assertEquals(
        List.of("source", "dedup"),
        List.of(doc.path("stages").get(0).asText(), doc.path("stages").get(1).asText()));
    JsonNode first = doc.path("experiments").get(0);
    assertEquals(4, doc.path("experiments").size());
    assertEquals(150, doc.path("totals").path("tokens").asLong());
    assertEquals(3_500, doc.path("totals").path("microUsd").asLong());
    assertEquals(1, doc.path("totals").path("succeeded").asLong());
    assertEquals(2, doc.path("totals").path("notStarted").asLong());
    for (JsonNode e : doc.path("experiments")) {
      if (e.path("experiment").asText().equals(b)) {
        assertEquals("FAILED", e.path("state").asText());
        assertEquals("REUSED", e.path("stages").get(0).path("state").asText());
        assertEquals("FAILED", e.path("stages").get(1).path("state").asText());
        assertEquals(150, e.path("tokens").asLong());
      }
    }
    assertTrue(first.has("axisValues"), first.toString());

    assertEquals(ExitCodes.OK, cli.run("status", "tiny", "--watch", "--interval", "0.1"), cli.err);
    assertEquals(
        1,
        cli.out.lines().filter(l -> l.startsWith("EXPERIMENT")).count(),
        "a sweep Temporal forgot will not change: one snapshot: " + cli.out);
  }

  @Test
  void resultsGiveOneRowPerExperimentInEveryFormat() throws Exception {
    storeASweepTemporalForgot();
    CliHarness cli = new CliHarness(home);
    String a = experiment("5", "exact").name();
    String b = experiment("5", "none").name();

    assertEquals(ExitCodes.OK, cli.run("results", "tiny", "--format", "csv"), cli.err);
    List<String> lines = List.of(cli.out.split("\r\n"));
    assertEquals(5, lines.size(), cli.out);
    assertEquals(
        "experiment,stages.source.count,stages.dedup.method,state,rows_out,source.rows_in,"
            + "source.rows_out,dedup.rows_in,dedup.rows_out,tokens,cost_usd,artifact",
        lines.get(0));
    String dedup = "dedup/" + experiment("5", "exact").stages().get(1).key();
    assertTrue(
        lines.contains(a + ",5,exact,succeeded,7,10,10,10,7,150,0.003500," + dedup), cli.out);
    assertTrue(lines.contains(b + ",5,none,failed,,10,10,,,150,0.002500,"), cli.out);

    assertEquals(ExitCodes.OK, cli.run("results", "tiny", "--format", "json"), cli.err);
    JsonNode rows = SweepClient.JSON.readTree(cli.out);
    assertEquals(4, rows.size());
    JsonNode row = rows.get(0).path("experiment").asText().equals(a) ? rows.get(0) : rows.get(1);
    assertEquals(a, row.path("experiment").asText(), cli.out);
    assertEquals("exact", row.path("axes").path("stages.dedup.method").asText());
    assertEquals(7, row.path("metrics").path("rows_out").asLong());
    assertEquals(0.0035, row.path("metrics").path("cost_usd").asDouble(), 1e-9);

    assertEquals(ExitCodes.OK, cli.run("results", "tiny"), cli.err);
    assertTrue(
        cli.out.lines().anyMatch(l -> l.matches(a + " +5 +exact +succeeded +7 .*")), cli.out);

    Path file = home.resolve("results.csv");
    assertEquals(
        ExitCodes.OK,
        cli.run("results", "tiny", "--format", "CSV", "--output", file.toString()),
        cli.err);
    assertTrue(cli.out.contains("Wrote 4 experiments"), cli.out);
    assertEquals(5, Files.readString(file).split("\r\n").length);

    assertEquals(ExitCodes.INVALID_INPUT, cli.run("results", "tiny", "--format", "xml"));
    assertTrue(cli.err.contains("use text, csv or json"), cli.err);
    assertEquals(
        ExitCodes.INVALID_INPUT,
        cli.run("results", "tiny", "--output", home.resolve("no/such/dir/r.csv").toString()));
    assertTrue(cli.err.contains("Check that its folder exists"), cli.err);
  }

  /**
   * Issue 18: {@code status} and {@code results} name each experiment's final artifact (its last
   * stage's KIND/KEY), which {@code artifacts} commands take; an experiment whose last stage did
   * not finish has none.
   */
  @Test
  void statusAndResultsNameEachExperimentsFinalArtifact() throws Exception {
    storeASweepTemporalForgot();
    CliHarness cli = new CliHarness(home);
    ExperimentPlan a = experiment("5", "exact");
    ExperimentPlan b = experiment("5", "none");
    String key = a.stages().get(1).key();
    String shortId = "dedup/" + key.substring(0, 12);

    assertEquals(ExitCodes.OK, cli.run("status", "tiny", "--json"), cli.err);
    for (JsonNode e : SweepClient.JSON.readTree(cli.out).path("experiments")) {
      JsonNode artifact = e.path("artifact");
      if (e.path("experiment").asText().equals(a.name())) {
        assertEquals("dedup", artifact.path("stage").asText(), cli.out);
        assertEquals("dedup", artifact.path("kind").asText(), cli.out);
        assertEquals(key, artifact.path("key").asText(), cli.out);
      } else {
        assertTrue(artifact.isNull(), "no finished last stage, no artifact: " + cli.out);
      }
    }
    assertEquals(ExitCodes.OK, cli.run("status", "tiny"), cli.err);
    assertTrue(cli.out.contains("ARTIFACT"), cli.out);
    assertTrue(
        cli.out.lines().anyMatch(l -> l.matches(a.name() + " +succeeded +2/2 +" + shortId + " .*")),
        cli.out);
    assertTrue(cli.out.lines().anyMatch(l -> l.matches(b.name() + " +failed +1/2 +- .*")), cli.out);

    assertEquals(ExitCodes.OK, cli.run("results", "tiny", "--format", "json"), cli.err);
    for (JsonNode row : SweepClient.JSON.readTree(cli.out)) {
      if (row.path("experiment").asText().equals(a.name())) {
        assertEquals(key, row.path("artifact").path("key").asText(), cli.out);
      }
    }
    assertEquals(ExitCodes.OK, cli.run("results", "tiny"), cli.err);
    assertTrue(
        cli.out.lines().anyMatch(l -> l.startsWith(a.name()) && l.contains(shortId)), cli.out);
    assertTrue(cli.out.contains("\n  count   stages.source.count\n"), "a legend: " + cli.out);

    assertEquals(ExitCodes.OK, cli.run("artifacts", "show", shortId), cli.err);
    assertTrue(cli.out.contains("stages/dedup/" + key + "/manifest.json"), cli.out);
  }

  /**
   * Issue 18: {@code artifacts ls --sweep S [--experiment E]} lists the stored stages of one
   * sweep's or one experiment's plan with their stage ids; an unknown sweep (exit 3) or experiment
   * (exit 2) is named without a stack trace.
   */
  @Test
  void artifactsLsListsTheStagesOfOneSweepOrExperiment() throws Exception {
    storeASweepTemporalForgot();
    CliHarness cli = new CliHarness(home);
    ExperimentPlan a = experiment("5", "exact");
    ExperimentPlan b = experiment("5", "none");
    String source = a.stages().get(0).key().substring(0, 12);
    String dedup = a.stages().get(1).key().substring(0, 12);

    assertEquals(ExitCodes.OK, cli.run("artifacts", "ls", "--sweep", "tiny"), cli.err);
    assertTrue(cli.out.startsWith("STAGE"), cli.out);
    assertTrue(
        cli.out.lines().anyMatch(l -> l.matches("source +synthetic-arithmetic +" + source + " .*")),
        cli.out);
    assertTrue(cli.out.lines().anyMatch(l -> l.matches("dedup +dedup +" + dedup + " .*")), cli.out);
    assertTrue(cli.out.contains("2 of 6 stages of sweep 'tiny' are in the store"), cli.out);

    assertEquals(
        ExitCodes.OK,
        cli.run("artifacts", "ls", "--sweep", "tiny", "--experiment", b.name()),
        cli.err);
    assertTrue(cli.out.contains(source), cli.out);
    assertFalse(cli.out.contains(dedup), "a's dedup is not b's: " + cli.out);
    assertTrue(
        cli.out.contains("1 of 2 stages of experiment '" + b.name() + "' of sweep 'tiny'"),
        cli.out);

    assertEquals(
        ExitCodes.OK,
        cli.run("artifacts", "ls", "dedup", "--sweep", "tiny", "--experiment", a.name()),
        cli.err);
    assertFalse(cli.out.contains(source), "only dedup stages: " + cli.out);
    assertTrue(
        cli.out.contains("1 of 1 dedup stage of experiment '" + a.name() + "' of sweep 'tiny' is"),
        cli.out);
    assertTrue(cli.out.contains(dedup), cli.out);

    for (String[] command :
        List.of(
            new String[] {"artifacts", "ls", "--sweep", "nosuch"},
            new String[] {"history", "export", "nosuch", "--to", home.resolve("h").toString()},
            new String[] {"resume", "nosuch"})) {
      assertEquals(ExitCodes.UNAVAILABLE, cli.run(command), String.join(" ", command));
      assertTrue(
          cli.err.contains("knows no sweep 'nosuch'") && cli.err.contains("distill ls"), cli.err);
      assertFalse(cli.err.contains("Exception"), cli.err);
    }
    assertEquals(
        ExitCodes.INVALID_INPUT,
        cli.run("artifacts", "ls", "--sweep", "tiny", "--experiment", "nosuch"));
    assertTrue(
        cli.err.contains("sweep 'tiny' has no experiment 'nosuch'; its experiments are "), cli.err);
    assertTrue(cli.err.contains(a.name()), cli.err);
    assertEquals(ExitCodes.INVALID_INPUT, cli.run("artifacts", "ls", "--experiment", a.name()));
    assertTrue(cli.err.contains("needs the sweep it belongs to"), cli.err);
    assertFalse(cli.err.contains("Exception") || cli.err.contains("\tat "), cli.err);

    assertEquals(ExitCodes.OK, cli.run("artifacts", "ls", "--help"), cli.err);
    assertTrue(
        cli.out.contains("--sweep=SWEEP") && cli.out.contains("--experiment=EXPERIMENT"), cli.out);
  }

  @Test
  void aMalformedRecordIsNamedWithoutAStackTrace() throws Exception {
    storeASweepTemporalForgot();
    try (Stack stack = TestStacks.open(home, Stack.Mode.STORE_ONLY)) {
      stack
          .blobs()
          .put(SweepRecords.key("tiny", "broken"), "{not json".getBytes(StandardCharsets.UTF_8));
    }
    CliHarness cli = new CliHarness(home);
    assertEquals(ExitCodes.FAILED, cli.run("results", "tiny"));
    assertTrue(cli.err.contains("sweeps/tiny/experiments/broken.json cannot be read"), cli.err);
    assertTrue(cli.err.contains("distill resume tiny"), cli.err);
    assertFalse(cli.err.contains("\tat "), cli.err);
  }

  /** Without Temporal, {@code budget} shows the limits of the saved plan, from the store alone. */
  @Test
  void budgetShowsThePlannedLimitsWithoutTemporal() throws Exception {
    storeASweepTemporalForgot();
    CliHarness cli = new CliHarness(home);
    assertEquals(0, cli.run("budget", "tiny"), cli.err);
    assertTrue(cli.out.contains("Sweep 'tiny' has no budget."), cli.out);

    SweepPlan budgeted =
        new SweepPlan(
            plan.sweep(),
            plan.recipe(),
            plan.parallelism(),
            plan.experiments(),
            Map.of("https://api.example.com/v1", new Budget(2_000_000, 25_000_000)));
    try (Stack stack = Stack.open(cli.distill().config(), Stack.Mode.STORE_ONLY, 0, 0)) {
      stack.blobs().put(SweepClient.planKey("tiny"), SweepClient.JSON.writeValueAsBytes(budgeted));
    }
    assertEquals(0, cli.run("budget", "tiny"), cli.err);
    assertTrue(
        cli.out.contains("https://api.example.com/v1")
            && cli.out.contains("2000000 tokens and $25.00 (the limit;"),
        cli.out);
  }

  /**
   * Commands that only read start no S3 server when none runs for the home: they read its folder,
   * so on a fresh home they leave no folder behind (a server would have created its bucket).
   */
  @Test
  void readOnlyCommandsStartNoServerOnAFreshHome() {
    CliHarness cli = new CliHarness(home);
    assertEquals(0, cli.run("ls"), cli.err);
    assertTrue(cli.out.contains("No sweeps in s3://distillery"), cli.out);
    assertEquals(0, cli.run("artifacts", "ls"), cli.err);
    assertEquals(ExitCodes.INVALID_INPUT, cli.run("status", "nope"), cli.out);
    assertEquals(ExitCodes.INVALID_INPUT, cli.run("budget", "nope"), cli.out);
    assertFalse(Files.exists(home.resolve("s3")), "no server created its folder");
  }

  @Test
  void lsSuggestsResumeOnlyForSweepsThatDidNotComplete() throws Exception {
    storeASweepTemporalForgot();
    Path recipe = home.resolve("one.yaml");
    Files.writeString(
        recipe,
        "recipe: one\nstages:\n  - id: source\n    kind: synthetic-arithmetic\n"
            + "    params: {count: 3}\n");
    SweepPlan one = SweepFiles.plan(recipe);
    try (Stack stack = TestStacks.open(home, Stack.Mode.STORE_ONLY)) {
      stack.blobs().put(SweepClient.planKey("one"), SweepClient.JSON.writeValueAsBytes(one));
      ExperimentPlan only = one.experiments().get(0);
      stack
          .blobs()
          .put(
              SweepRecords.key("one", only.name()),
              SweepClient.JSON.writeValueAsBytes(
                  new ExperimentResult(
                      only.name(),
                      Map.of(),
                      true,
                      null,
                      List.of(result(only.stages().get(0), StageOutcome.COMPUTED, 3, 3)))));
    }
    try (SimulatedLlmServer llm = SimulatedLlmServer.start(SimulatedLlmConfig.defaults());
        Stack temporal = TestStacks.embedded(home, llm)) {
      CliHarness cli = TestStacks.connect(new CliHarness(home), temporal);

      assertEquals(ExitCodes.OK, cli.run("ls"), cli.err);
      String completed =
          cli.out.lines().filter(l -> l.startsWith("one ")).findFirst().orElseThrow();
      assertTrue(completed.contains("completed"), cli.out);
      assertFalse(completed.contains("resume"), "nothing is left to resume: " + cli.out);
      String incomplete =
          cli.out.lines().filter(l -> l.startsWith("tiny ")).findFirst().orElseThrow();
      assertTrue(
          incomplete.contains(
              "1 of 4 experiments succeeded (resume it with `distill resume tiny`)"),
          cli.out);
    }
  }

  @Test
  void aSweepNobodyKnowsIsStillAnError() {
    CliHarness cli = new CliHarness(home);
    assertEquals(ExitCodes.INVALID_INPUT, cli.run("results", "nope"));
    assertTrue(cli.err.contains("no `distill dev` is running"), cli.err);
  }

  @Test
  void csvQuotesFieldsThatNeedIt() {
    assertEquals(
        "plain,\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\",\r\n",
        ResultFormat.csvLine(List.of("plain", "a,b", "say \"hi\"", "two\nlines", "")));
  }
}
