package dev.distillery.workflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.distillery.plan.ExperimentPlan;
import dev.distillery.plan.PlannedStage;
import dev.distillery.plan.SweepPlan;
import dev.distillery.recipe.Budget;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowStub;
import io.temporal.client.WorkflowUpdateException;
import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.testing.WorkflowReplayer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A sharded stage runs each shard once on the LLM task queue, a bounded number at a time. */
class ShardedStageWorkflowTest {
  private static final String TEACHER_KEY = SweepWorkflowTest.key('t', 0);
  private static final String TEACHER_URL = "http://teacher/v1";
  private static final ExecutionSettings SETTINGS = new ExecutionSettings(10, 30);
  private final FakeStageActivities stages = new FakeStageActivities(10);
  private final FakeLlmActivities llm = new FakeLlmActivities();
  private final FakeBatchActivities batches = new FakeBatchActivities();
  private final FakeSweepActivities sweeps = new FakeSweepActivities();

  @RegisterExtension
  final TestWorkers workers =
      TestWorkers.sweepWorkflows()
          .activities(TaskQueues.DISTILL, stages, sweeps)
          .activities(TaskQueues.LLM, llm, batches);

  @Test
  void shardsRunOnceEachWithBoundedParallelismAndTheStageCommitsOnce() throws Exception {
    ObjectNode params = JsonNodeFactory.instance.objectNode();
    params.put("shard_size", 3).put("parallel_shards", 2);
    SweepResult result = runTeacher(params);

    assertEquals(0, result.failed());
    llm.assertRan(List.of("rows 0-3", "rows 3-6", "rows 6-9", "rows 9-10"), 2);
    llm.shards.forEach((shard, count) -> assertEquals(1, count.get(), shard));
    assertEquals(1, stages.commits.get(TEACHER_KEY).get());
    StageResult t = result.experiments().get(0).stages().get(1);
    assertEquals(FakeStageActivities.SHARDED_ROWS, t.rowsOut());
    assertTrue(batches.submits.isEmpty(), "online mode submits no batch");
    replayTeacherStage();
  }

  @Test
  void batchModeAwaitsEachBatchAndResubmitsUntilNothingIsMissing() throws Exception {
    ObjectNode params = JsonNodeFactory.instance.objectNode();
    params.put("shard_size", 5).put("parallel_shards", 2).put("mode", "batch");
    params.put("batch_poll_seconds", 30).put("batch_max_submits", 4);
    SweepResult result = runTeacher(params);

    assertEquals(0, result.failed());
    assertEquals(Map.of("rows 0-5", 2, "rows 5-10", 2), counts(batches.submits));
    batches.polls.forEach((batch, n) -> assertEquals(2, n.get(), batch));
    assertEquals(2, llm.shards.size(), "each shard's rows are then written once");
    llm.shards.forEach((shard, count) -> assertEquals(1, count.get(), shard));
    replayTeacherStage();
    record("stage/teacher/" + TEACHER_KEY, "stage-batch");
  }

  /**
   * 107 shards polled 60 times each, with a timer and an activity per poll, passed Temporal's
   * 51,200-event limit: the history must not grow with the number of polls.
   */
  @Test
  void batchModeHistoryDoesNotGrowWithPolls() throws Exception {
    batches.pollsUntilTerminal = 50;
    ObjectNode params = JsonNodeFactory.instance.objectNode();
    params.put("shard_size", 5).put("parallel_shards", 2).put("mode", "batch");
    params.put("batch_poll_seconds", 30);
    SweepResult result = runTeacher(params);

    assertEquals(0, result.failed());
    int polls = batches.polls.values().stream().mapToInt(AtomicInteger::get).sum();
    assertEquals(4 * 50, polls, "two shards, two batches each, fifty polls per batch");
    int events =
        workers
            .env()
            .getWorkflowClient()
            .fetchHistory("stage/teacher/" + TEACHER_KEY)
            .getHistory()
            .getEventsCount();
    assertTrue(events < polls, events + " history events for " + polls + " polls");
    batches.awaits.forEach((batch, n) -> assertEquals(1, n.get(), "awaits of " + batch));
    replayTeacherStage();
  }

  /**
   * Past its history limit a sharded stage starts no more shards, lets the running ones finish and
   * continues as new with its finished shards and subscribers: no shard runs twice, and the
   * experiment that joined before the roll-over is told when the last run ends.
   */
  @Test
  void aLongShardedStageContinuesAsNewAndRunsEveryShardOnce() throws Exception {
    ObjectNode params = JsonNodeFactory.instance.objectNode();
    params.put("shard_size", 1).put("parallel_shards", 2);
    PlannedStage teacher = plan(params, Map.of()).experiments().get(0).stages().get(1);
    String id = "stage/teacher/" + TEACHER_KEY;
    WorkflowStub stage = StageWorkflowStubs.untypedStage(workers.env(), id);
    stage.start(new StageInput("sh", "e0", teacher, SETTINGS).withHistoryLimit(40));
    stage.signal(StageWorkflow.SUBSCRIBE_SIGNAL, "sh/e1");

    StageResult result = stage.getResult(StageResult.class);

    assertEquals(FakeStageActivities.SHARDED_ROWS, result.rowsOut());
    assertEquals(10, llm.shards.size());
    llm.shards.forEach((shard, count) -> assertEquals(1, count.get(), shard));
    assertEquals(1, stages.commits.get(TEACHER_KEY).get());
    WorkflowExecutionHistory last = workers.env().getWorkflowClient().fetchHistory(id);
    assertFalse(
        last.getEvents()
            .get(0)
            .getWorkflowExecutionStartedEventAttributes()
            .getContinuedExecutionRunId()
            .isEmpty(),
        "the last run continued as new");
    assertTrue(
        last.getEvents().stream()
            .anyMatch(
                e ->
                    e.hasSignalExternalWorkflowExecutionInitiatedEventAttributes()
                        && e.getSignalExternalWorkflowExecutionInitiatedEventAttributes()
                            .getWorkflowExecution()
                            .getWorkflowId()
                            .equals("sh/e1")),
        "the subscriber of the first run is told by the last");
    WorkflowReplayer.replayWorkflowExecution(last, StageWorkflowImpl.class);
    record(id, "stage-continued");
  }

  @Test
  void aUsedUpBudgetPausesSamplingUntilItIsRaised() throws Exception {
    // Each fake shard of 3 rows spends 3 prompt + 6 completion tokens: 9, 18, 27 >= 25.
    SweepPlan plan = budgetedPlan(3, 25);
    SweepWorkflow sweep = workers.sweep("sh");
    var done = WorkflowClient.execute(sweep::run, sweeps.input(plan, SETTINGS));

    BudgetStatus paused = awaitBudget(sweep, true);
    assertEquals(27, paused.tokensSpent());
    assertEquals(3, llm.shards.size(), "the fourth shard waits");
    assertFalse(done.isDone());

    WorkflowUpdateException refused =
        assertThrows(
            WorkflowUpdateException.class,
            () -> sweep.addBudget(new BudgetIncrease(null, 0, 5_000_000)));
    assertTrue(
        Failures.message(refused).contains("limits tokens. Add a positive number"),
        Failures.message(refused));
    BudgetStatus raised = sweep.addBudget(new BudgetIncrease(null, 10, 0));
    assertEquals(35, raised.tokenLimit(), "the budget the sweep accepted");
    assertEquals(27, raised.tokensSpent(), raised.toString());
    SweepOutcome result = done.get();
    assertEquals(0, result.failed());
    assertEquals(4, llm.shards.size());
    BudgetStatus end = awaitBudget(sweep, false);
    assertEquals(30, end.tokensSpent());
    assertEquals(35, end.tokenLimit());
    replaySweepAndStage();
    record("sh", "sweep-budget");
    record("stage/teacher/" + TEACHER_KEY, "stage-sharded-budget");
  }

  /**
   * The budget closes inside a running shard: the shard stops within its grant (overshoot: the one
   * row in flight), the stage shows paused with its rows so far, and after a raise the shard goes
   * on from its checkpoint; every row is computed once and progress never goes backwards.
   */
  @Test
  void aBudgetClosingInsideAShardPausesItThereAndARaiseGoesOnFromThere() throws Exception {
    FakeBudgetedLlmActivities spending = new FakeBudgetedLlmActivities();
    SweepPlan plan = budgetedPlan(6, 75);
    SweepWorkflow sweep = workers.sweep("sh");
    llm.delegate = spending;
    var done = WorkflowClient.execute(sweep::run, sweeps.input(plan, SETTINGS));

    StageWorkflow stage =
        workers
            .env()
            .getWorkflowClient()
            .newWorkflowStub(StageWorkflow.class, "stage/teacher/" + TEACHER_KEY);
    List<Long> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
    StageProgress paused = null;
    for (int i = 0; i < 400 && paused == null; i++) {
      Thread.sleep(25);
      StageProgress now;
      try {
        now = stage.progress();
      } catch (io.temporal.client.WorkflowNotFoundException notYet) {
        continue;
      }
      seen.add(now.rowsDone());
      paused = now.paused() ? now : null;
    }
    assertTrue(paused != null, "the stage never showed paused");
    BudgetStatus budget = awaitBudget(sweep, true);
    assertEquals(
        80, budget.tokensSpent(), "75 granted, the one row in flight when the cap was crossed");
    assertEquals(8, paused.rowsDone());
    assertEquals(10, paused.rowsTotal());
    assertTrue(paused.pauseReason().contains("used up"), paused.pauseReason());
    assertEquals(List.of(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L), spending.rows);
    assertFalse(done.isDone());

    sweep.raiseBudget(new BudgetIncrease(null, 100, 0));
    assertEquals(0, done.get().failed());
    assertEquals(List.of(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L), spending.rows);
    assertEquals(List.of("rows 0-6", "rows 6-10", "rows 6-10"), spending.runs);
    assertEquals(100, awaitBudget(sweep, false).tokensSpent(), "each row paid once");
    StageProgress end = stage.progress();
    assertEquals(10, end.rowsDone());
    assertEquals(2, end.shardsDone());
    assertFalse(end.paused());
    for (int i = 1; i < seen.size(); i++) {
      assertTrue(seen.get(i) >= seen.get(i - 1), "progress went backwards: " + seen);
    }
    replaySweepAndStage();
    record("sh", "sweep-budget-in-shard");
    record("stage/teacher/" + TEACHER_KEY, "stage-sharded-pause");
  }

  @Test
  void aStagePausedOnTheBudgetOfAnEndedSweepFailsInsteadOfWaitingForever() throws Exception {
    SweepPlan plan = budgetedPlan(3, 5);
    SweepWorkflow sweep = workers.sweep("sh");
    WorkflowClient.start(sweep::run, sweeps.input(plan, SETTINGS));
    awaitBudget(sweep, true);

    workers
        .env()
        .getWorkflowClient()
        .newUntypedWorkflowStub("sh")
        .terminate("test: the user gave up");

    WorkflowStub stage =
        workers.env().getWorkflowClient().newUntypedWorkflowStub("stage/teacher/" + TEACHER_KEY);
    WorkflowFailedException e =
        assertThrows(WorkflowFailedException.class, () -> stage.getResult(StageResult.class));
    assertTrue(
        Failures.message(e).contains("ended while stage 't' was paused"), Failures.message(e));
    assertEquals(1, llm.shards.size(), "no shard ran after the pause");
  }

  /** Records a scenario's history for {@link ReplayCheckedInHistoriesTest} when asked to. */
  private void record(String workflowId, String scenario) throws Exception {
    HistoryFiles.recordIfAsked(workers.env().getWorkflowClient(), workflowId, scenario);
  }

  private static BudgetStatus awaitBudget(SweepWorkflow sweep, boolean paused)
      throws InterruptedException {
    for (int i = 0; i < 200; i++) {
      List<BudgetStatus> budgets = sweep.progress().budgets();
      if (!budgets.isEmpty() && budgets.get(0).paused() == paused) {
        return budgets.get(0);
      }
      Thread.sleep(50);
    }
    throw new AssertionError("the budget never became paused=" + paused);
  }

  private static Map<String, Integer> counts(
      Map<String, java.util.concurrent.atomic.AtomicInteger> m) {
    Map<String, Integer> out = new java.util.TreeMap<>();
    m.forEach((k, v) -> out.put(k, v.get()));
    return out;
  }

  private void replaySweepAndStage() throws Exception {
    for (String id : List.of("sh", "stage/teacher/" + TEACHER_KEY)) {
      WorkflowReplayer.replayWorkflowExecution(
          workers.env().getWorkflowClient().fetchHistory(id),
          SweepWorkflowImpl.class,
          ExperimentWorkflowImpl.class,
          StageWorkflowImpl.class);
    }
  }

  private void replayTeacherStage() throws Exception {
    WorkflowReplayer.replayWorkflowExecution(
        workers.env().getWorkflowClient().fetchHistory("stage/teacher/" + TEACHER_KEY),
        StageWorkflowImpl.class);
  }

  private SweepResult runTeacher(ObjectNode params) {
    workers.sweep("sh").run(sweeps.input(plan(params, Map.of()), SETTINGS));
    return sweeps.result("sh");
  }

  /**
   * Two experiments sharing a teacher on one endpoint, one shard at a time of {@code shardSize}
   * rows, under a budget of {@code tokens} on that endpoint.
   */
  private static SweepPlan budgetedPlan(int shardSize, long tokens) {
    ObjectNode params = JsonNodeFactory.instance.objectNode();
    params.put("shard_size", shardSize).put("parallel_shards", 1).put("base_url", TEACHER_URL);
    return plan(params, Map.of(TEACHER_URL, new Budget(tokens, 0)));
  }

  private static SweepPlan plan(ObjectNode params, Map<String, Budget> budgets) {
    PlannedStage source =
        StageWorkflowStubs.planned("q", "source", SweepWorkflowTest.key('q', 0), List.of());
    PlannedStage teacher =
        StageWorkflowStubs.planned("t", "teacher", TEACHER_KEY, params, List.of(source.ref()));
    return new SweepPlan(
        "sh",
        "test-recipe",
        2,
        List.of(
            new ExperimentPlan("e0", Map.of(), List.of(source, teacher)),
            new ExperimentPlan("e1", Map.of("x", "1"), List.of(source, teacher))),
        budgets);
  }
}
