package dev.distillery.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.distillery.llm.simulated.SimulatedLlmConfig;
import dev.distillery.llm.simulated.SimulatedLlmServer;
import dev.distillery.plan.StageRef;
import dev.distillery.store.Manifest;
import dev.distillery.worker.Stack;
import dev.distillery.workflow.BudgetStatus;
import dev.distillery.workflow.StageResult;
import dev.distillery.workflow.SweepResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A sweep's token budget stops the teacher (and an evaluation) inside its running shard: no request
 * starts once the budget is used up, so it is overshot by the requests in flight at most. {@code
 * distill status} shows the stage paused and {@code distill budget --add} resumes it from where it
 * stopped.
 */
class BudgetGuardTest {
  @TempDir Path home;

  private static final int CONCURRENCY = 2;
  private static final int MAX_TOKENS = 60;

  @Test
  void samplingStopsWithinTheShardAtTheBudgetAndGoesOnWhenItIsRaised() throws Exception {
    Files.writeString(
        home.resolve("recipe.yaml"),
        """
        recipe: budgeted
        stages:
          - id: source
            kind: synthetic-arithmetic
            params: {count: 40, seed: 9, max_operand: 1000}
          - id: teacher
            kind: teacher
            params:
              base_url: simulated://budget
              model: simulated-teacher
              max_tokens: %d
              concurrency: %d
              shard_size: 40
              parallel_shards: 1
        """
            .formatted(MAX_TOKENS, CONCURRENCY));
    Path sweep = home.resolve("sweep.yaml");
    Files.writeString(
        sweep,
        """
        sweep: budgeted
        recipe: recipe.yaml
        grid:
          stages.teacher.n: [1]
        budget:
          simulated://budget: {tokens: 1000}
        """);
    try (SimulatedLlmServer llm = TestStacks.simulator(20);
        Stack stack = TestStacks.embedded(home, llm)) {
      SweepClient sweeps = TestStacks.submit(stack, sweep);
      CliHarness cli = TestStacks.connect(new CliHarness(home), stack);
      CompletableFuture<SweepResult> done = awaitPaused(sweeps, cli, "budgeted", "teacher");
      assertTrue(cli.out.contains("PAUSED"), cli.out);
      assertTrue(cli.out.contains("distill budget budgeted --add"), cli.out);
      BudgetStatus used = assertPausedInsideTheShard(llm, sweeps, "budgeted");

      assertEquals(
          ExitCodes.INVALID_INPUT, cli.run("budget", "budgeted", "--add", "25usd"), cli.out);
      assertTrue(
          cli.err.contains(
              "sweep 'budgeted' refused the change: the increase does not fit the"
                  + " budget of simulated://budget, which limits tokens."),
          cli.err);
      assertEquals(0, cli.run("budget", "budgeted", "--add", "1000000"), cli.err);
      assertTrue(cli.out.contains("Raised the budget"), cli.out);
      assertTrue(
          cli.out.contains("tokens of 1001000"), "the limit the sweep accepted:\n" + cli.out);

      SweepResult result = assertEachQuestionAskedOnce(done, llm);
      assertEquals(40, result.experiments().get(0).stages().get(1).rowsOut());
      BudgetStatus end = sweeps.progress("budgeted").orElseThrow().budgets().get(0);
      assertTrue(end.tokensSpent() >= used.tokensSpent(), end.toString());
    }
  }

  /**
   * Issue 15: an {@code eval} that calls its endpoint goes through the sweep's budget like a
   * teacher: it pauses inside its shard, shows paused, and {@code distill budget --add} resumes it
   * from there; its results are written once every shard is done.
   */
  @Test
  void anEvaluationStopsAtTheBudgetAndGoesOnWhenItIsRaised() throws Exception {
    Path sweep =
        evalSweep(
            "budgeted-eval",
            "eval-only",
            "",
            "base_url: simulated://budget\nmodel: simulated-teacher",
            "grid:\n  stages.eval.seed: [0]\n",
            "simulated://budget");
    try (SimulatedLlmServer llm = TestStacks.simulator(20);
        Stack stack = TestStacks.embedded(home, llm)) {
      SweepClient sweeps = TestStacks.submit(stack, sweep);
      CliHarness cli = TestStacks.connect(new CliHarness(home), stack);
      CompletableFuture<SweepResult> done = awaitPaused(sweeps, cli, "budgeted-eval", "eval");
      assertTrue(cli.out.contains("PAUSED"), cli.out);
      assertPausedInsideTheShard(llm, sweeps, "budgeted-eval");

      assertEquals(0, cli.run("budget", "budgeted-eval", "--add", "1000000"), cli.err);
      assertTrue(cli.out.contains("Raised the budget"), cli.out);

      SweepResult result = assertEachQuestionAskedOnce(done, llm);
      StageResult eval = result.experiments().get(0).stages().get(0);
      assertEquals(40, eval.rowsOut());
      Manifest manifest =
          stack.store().findManifest(new StageRef(eval.kind(), eval.key())).orElseThrow();
      assertTrue(manifest.extraFile("results.json").isPresent(), manifest.extraFiles().toString());
    }
  }

  /**
   * An eval of a fine-tuned model calls the fine-tuning API's endpoint, named by the train stage,
   * not by the eval: the sweep's budget for that endpoint gates it all the same.
   */
  @Test
  void anEvaluationOfAFineTunedModelStopsAtTheBudgetOfItsEndpoint() throws Exception {
    Path sweep =
        evalSweep(
            "budgeted-student",
            "train-then-eval",
            TestRecipes.fineTuneStages("simulated://teacher", "simulated://ft"),
            "",
            "",
            "simulated://ft");
    try (SimulatedLlmServer llm =
            SimulatedLlmServer.start(
                SimulatedLlmConfig.builder()
                    .latency(Duration.ofMillis(20))
                    .fineTuneDuration(Duration.ZERO)
                    .build());
        Stack stack = TestStacks.embedded(home, llm)) {
      SweepClient sweeps = TestStacks.submit(stack, sweep);
      CliHarness cli = TestStacks.connect(new CliHarness(home), stack);
      CompletableFuture<SweepResult> done = awaitPaused(sweeps, cli, "budgeted-student", "eval");
      assertPausedWithinOneRoundOfRequests(sweeps, "budgeted-student");

      assertEquals(0, cli.run("budget", "budgeted-student", "--add", "1000000"), cli.err);
      SweepResult result = done.get();
      assertEquals(0, result.failed(), result.toString());
      StageResult eval = result.experiments().get(0).stages().get(4);
      assertEquals("eval", eval.stageId());
      assertEquals(40, eval.rowsOut());
    }
  }

  /**
   * Writes {@code sweep.yaml}: sweep {@code name} of recipe {@code recipe}, whose {@code stages}
   * (YAML list items) are followed by an eval of 40 arithmetic questions in one shard, sending at
   * most {@link #CONCURRENCY} requests of {@link #MAX_TOKENS} tokens at a time ({@code endpoint}
   * adds to its params); the sweep has {@code grid} and a budget of 1,000 tokens at {@code
   * budgeted}.
   */
  private Path evalSweep(
      String name, String recipe, String stages, String endpoint, String grid, String budgeted)
      throws Exception {
    Path benchmark = ArithmeticBenchmark.write(home.resolve("arith.jsonl"), 40, 5, 1000);
    String eval =
        """
        - id: eval
          kind: eval
          params:
        %s    benchmarks: {arith: %s}
            types: {arith: math}
            repeats: {arith: 1}
            max_tokens: %d
            concurrency: %d
            shard_size: 40
            parallel_shards: 1
        """
            .formatted(endpoint.indent(4), benchmark, MAX_TOKENS, CONCURRENCY);
    return Files.writeString(
        home.resolve("sweep.yaml"),
        "sweep: %s\nrecipe:\n  recipe: %s\n  stages:\n%s%s%sbudget:\n  %s: {tokens: 1000}\n"
            .formatted(name, recipe, stages.indent(4), eval.indent(4), grid, budgeted));
  }

  /**
   * Waits for {@code sweep}'s result in the background and runs {@code status} until a stage shows
   * paused (the {@code stage} named); returns the result to come.
   */
  private static CompletableFuture<SweepResult> awaitPaused(
      SweepClient sweeps, CliHarness cli, String sweep, String stage) throws Exception {
    CompletableFuture<SweepResult> done =
        CompletableFuture.supplyAsync(() -> TestStacks.await(sweeps, sweep));
    for (int i = 0; i < 300 && !cli.out.contains("paused "); i++) {
      Thread.sleep(100);
      assertEquals(0, cli.run("status", sweep), cli.err);
    }
    assertTrue(cli.out.contains("paused "), "the " + stage + " stage shows paused:\n" + cli.out);
    return done;
  }

  /**
   * The paused stage stopped inside its shard of 40 questions and sends nothing while paused; the
   * budget is {@linkplain #assertPausedWithinOneRoundOfRequests paused within one round}.
   */
  private static BudgetStatus assertPausedInsideTheShard(
      SimulatedLlmServer llm, SweepClient sweeps, String sweep) throws Exception {
    Thread.sleep(500);
    long sent = llm.requestCount();
    BudgetStatus used = assertPausedWithinOneRoundOfRequests(sweeps, sweep);
    assertTrue(sent < 40, "the shard of 40 questions stopped inside: " + sent + " requests");
    assertEquals(sent, llm.requestCount(), "nothing is sent while paused");
    return used;
  }

  /** The sweep succeeded, asking the simulator each of its 40 questions once. */
  private static SweepResult assertEachQuestionAskedOnce(
      CompletableFuture<SweepResult> done, SimulatedLlmServer llm) throws Exception {
    SweepResult result = done.get();
    assertEquals(0, result.failed(), result.toString());
    assertEquals(40, llm.distinctRequests(), "every question asked");
    assertEquals(1, llm.maxDeliveriesOfOneRequest(), "none twice");
    return result;
  }

  /**
   * The sweep's first budget is paused, having spent its 1,000 tokens and at most the requests in
   * flight when it closed (a request is at most its prompt, a dozen words, plus max_tokens).
   */
  private static BudgetStatus assertPausedWithinOneRoundOfRequests(
      SweepClient sweeps, String sweep) {
    BudgetStatus used = sweeps.progress(sweep).orElseThrow().budgets().get(0);
    assertTrue(used.paused(), used.toString());
    long inFlight = CONCURRENCY * (MAX_TOKENS + 20L);
    assertTrue(
        used.tokensSpent() >= 1000 && used.tokensSpent() <= 1000 + inFlight,
        "spent " + used.tokensSpent() + " of 1000, at most " + inFlight + " in flight");
    return used;
  }
}
