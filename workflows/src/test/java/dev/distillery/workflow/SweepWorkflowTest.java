package dev.distillery.workflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.distillery.plan.ExperimentPlan;
import dev.distillery.plan.PlannedStage;
import dev.distillery.plan.SweepPlan;
import dev.distillery.plan.SweepStoreKeys;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowUpdateException;
import io.temporal.common.SearchAttributes;
import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.WorkflowReplayer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class SweepWorkflowTest {
  private static final ExecutionSettings SETTINGS = new ExecutionSettings(10, 30);

  private final FakeStageActivities activities = new FakeStageActivities(300);
  private final FakeSweepActivities sweeps = new FakeSweepActivities(activities);

  @RegisterExtension
  final TestWorkers workers =
      TestWorkers.sweepWorkflows().activities(TaskQueues.DISTILL, activities, sweeps);

  /** Four experiments sharing stages a and b; stage c differs per experiment. */
  static SweepPlan plan(String sweep) {
    return plan(sweep, 4, 4);
  }

  /** {@code n} experiments sharing stages a and b, at most {@code parallelism} at once. */
  static SweepPlan plan(String sweep, int n, int parallelism) {
    List<ExperimentPlan> experiments = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      PlannedStage a = StageWorkflowStubs.planned("a", "source", key('a', 0), List.of());
      PlannedStage b = StageWorkflowStubs.planned("b", "dedup", key('b', 0), List.of(a.ref()));
      PlannedStage c =
          StageWorkflowStubs.planned("c", "filter-questions", key('c', i), List.of(b.ref()));
      experiments.add(
          new ExperimentPlan("e" + i, Map.of("stages.c.keep", "" + i), List.of(a, b, c)));
    }
    return new SweepPlan(sweep, "test-recipe", parallelism, experiments);
  }

  static String key(char c, int i) {
    return (String.valueOf(c).repeat(63) + i);
  }

  private SweepResult run(String sweep) {
    SweepWorkflow workflow = workers.sweep(sweep);
    workflow.run(sweeps.input(plan(sweep), SETTINGS));
    return sweeps.result(sweep);
  }

  @Test
  void sharedStagesOfConcurrentExperimentsAreComputedOnce() {
    SweepResult result = run("s1");

    assertEquals(0, result.failed());
    assertEquals(6, activities.computations.size(), "a, b and four c stages");
    activities.computations.forEach(
        (key, count) -> assertEquals(1, count.get(), "computations of " + key));
    Map<String, Map<StageOutcome, Integer>> outcomes = outcomesByStage(result);
    assertEquals(1, outcomes.get("a").getOrDefault(StageOutcome.COMPUTED, 0));
    assertEquals(1, outcomes.get("b").getOrDefault(StageOutcome.COMPUTED, 0));
    assertEquals(4, outcomes.get("c").getOrDefault(StageOutcome.COMPUTED, 0));
  }

  @Test
  void anEndingSweepKeepsItsHistoriesOnceAndDoesNotFailForWantOfThem() {
    run("s1");
    assertEquals(List.of("s1 " + SweepStoreKeys.plan("s1", "test")), sweeps.historiesKept);

    sweeps.keepHistoriesFailure = ApplicationFailure.newNonRetryableFailure("store full", "Full");
    SweepResult result = run("s2");

    assertEquals(0, result.failed());
    assertEquals(2, sweeps.historiesKept.size(), sweeps.historiesKept.toString());
  }

  @Test
  void experimentsAndStagesCarrySearchAttributesForTheTemporalUi() {
    run("s1");

    SearchAttributes experiment =
        workers.client().newUntypedWorkflowStub("s1/e2").describe().getTypedSearchAttributes();
    assertEquals("s1", experiment.get(DistillSearchAttributes.SWEEP));
    assertEquals("e2", experiment.get(DistillSearchAttributes.EXPERIMENT));
    assertEquals("test-recipe", experiment.get(DistillSearchAttributes.RECIPE));
    assertEquals(List.of("stages.c.keep=2"), experiment.get(DistillSearchAttributes.AXIS));
    assertEquals("c", experiment.get(DistillSearchAttributes.STAGE), "the last stage reached");
    SearchAttributes stage =
        workers
            .client()
            .newUntypedWorkflowStub("stage/filter-questions/" + key('c', 2))
            .describe()
            .getTypedSearchAttributes();
    assertEquals("s1", stage.get(DistillSearchAttributes.SWEEP));
    assertEquals("e2", stage.get(DistillSearchAttributes.EXPERIMENT));
    assertEquals("c", stage.get(DistillSearchAttributes.STAGE));
    assertEquals("filter-questions", stage.get(DistillSearchAttributes.STAGE_KIND));
  }

  @Test
  void aSecondSweepReusesEverything() {
    run("s1");
    int experimentsRun = sweeps.experimentReads.get();
    SweepResult again = run("s2");

    assertEquals(4, experimentsRun);
    assertEquals(4, sweeps.experimentReads.get(), "a finished experiment starts no workflow");
    assertEquals(4, again.experiments().size());
    activities.computations.forEach((key, count) -> assertEquals(1, count.get()));
    again.experiments().stream()
        .flatMap(e -> e.stages().stream())
        .forEach(s -> assertEquals(StageOutcome.REUSED, s.outcome(), s.stageId()));
  }

  @Test
  void twoSweepsSubmittedTogetherComputeEachStageOnce() throws Exception {
    SweepWorkflow first = workers.sweep("x1");
    SweepWorkflow second = workers.sweep("x2");
    var a = WorkflowClient.execute(first::run, sweeps.input(plan("x1"), SETTINGS));
    var b = WorkflowClient.execute(second::run, sweeps.input(plan("x2"), SETTINGS));

    assertEquals(0, a.get().failed());
    assertEquals(0, b.get().failed());
    assertEquals(4, a.get().succeeded());
    assertEquals(6, activities.computations.size());
    activities.computations.forEach(
        (key, count) -> assertEquals(1, count.get(), "computations of " + key));
  }

  @Test
  void aFailedStageFailsItsExperimentOnlyAndIsReported() {
    activities.failingStageIds.add("c@e2");

    WorkflowFailedException e = assertThrows(WorkflowFailedException.class, () -> run("s1"));

    ApplicationFailure failure = assertInstanceOf(ApplicationFailure.class, e.getCause());
    assertEquals(SweepWorkflow.EXPERIMENTS_FAILED, failure.getType());
    SweepOutcome outcome = failure.getDetails().get(SweepOutcome.class);
    assertEquals(1, outcome.failed());
    assertEquals(3, outcome.succeeded());
    assertTrue(outcome.failures().get(0).startsWith("e2: stage 'c'"), outcome.failures().get(0));
    SweepResult result = sweeps.result("s1");
    assertEquals(1, result.failed());
    ExperimentResult failed = result.experiments().get(2);
    assertFalse(failed.succeeded());
    assertTrue(failed.failure().contains("stage 'c'"), failed.failure());
    assertTrue(failed.failure().contains("injected failure"), failed.failure());
    assertEquals(2, failed.stages().size(), "a and b finished before c failed");
    assertTrue(result.experiments().get(0).succeeded());
  }

  @Test
  void aLongSweepContinuesAsNewBeforeItsHistoryGrowsAndRunsEveryExperimentOnce() throws Exception {
    SweepWorkflow workflow = workers.sweep("long");
    SweepInput input = sweeps.input(plan("long", 14, 3), SETTINGS).withHistoryLimit(60);

    SweepOutcome outcome = workflow.run(input);

    assertEquals(14, outcome.succeeded());
    assertEquals(16, activities.computations.size(), "a, b and fourteen c stages");
    activities.computations.forEach((key, n) -> assertEquals(1, n.get(), key));
    assertEquals(14, sweeps.records.size());
    var history = workers.client().fetchHistory("long");
    var started = history.getHistory().getEvents(0).getWorkflowExecutionStartedEventAttributes();
    assertFalse(started.getContinuedExecutionRunId().isEmpty(), "the last run continued as new");
    SweepInput last = workflow.plan();
    assertTrue(last.carry().runs() >= 1 && last.carry().next() > 0, last.carry().toString());
    assertEquals(
        last.carry().succeeded(),
        last.carry().next(),
        "runs before the last finished all they started");
    WorkflowReplayer.replayWorkflowExecution(history, SweepWorkflowImpl.class);
  }

  @Test
  void aPausedSweepStartsNothingNewUntilUnpausedAndTakesANewParallelism() throws Exception {
    SweepWorkflow workflow = workers.sweep("p");
    var done = WorkflowClient.execute(workflow::run, sweeps.input(plan("p", 8, 1), SETTINGS));
    workflow.pause();
    Thread.sleep(3_000);

    SweepProgress paused = workflow.progress();
    assertTrue(paused.paused());
    assertTrue(paused.experiments().size() <= 2, "at most the first two started: " + paused);
    assertTrue(paused.notStarted() >= 6, paused.toString());
    assertFalse(done.isDone());

    workflow.setParallelism(4);
    workflow.unpause();
    SweepOutcome outcome = done.get();
    assertEquals(8, outcome.succeeded());
    assertEquals(4, workflow.progress().parallelism());
  }

  @Test
  void controlReturnsTheStateTheSweepAcceptedAndItsValidatorRefusesWithoutRecording()
      throws Exception {
    SweepWorkflow workflow = workers.sweep("u");
    var done = WorkflowClient.execute(workflow::run, sweeps.input(plan("u", 8, 1), SETTINGS));

    SweepControlState paused = workflow.control(new SweepControl(true, 3));
    assertTrue(paused.paused());
    assertEquals(3, paused.parallelism());
    assertTrue(paused.notStarted() >= 6, paused.toString());
    WorkflowUpdateException refused =
        assertThrows(
            WorkflowUpdateException.class, () -> workflow.control(new SweepControl(false, 0)));
    assertEquals(
        "--parallelism must be at least 1, not 0.",
        ((ApplicationFailure) refused.getCause()).getOriginalMessage());
    assertTrue(workflow.progress().paused(), "the refused update changed nothing");

    SweepControlState resumed = workflow.control(new SweepControl(false, null));
    assertFalse(resumed.paused());
    assertEquals(3, resumed.parallelism());
    assertEquals(8, done.get().succeeded());
    long updates =
        workers.client().fetchHistory("u").getEvents().stream()
            .filter(
                e ->
                    e.getEventType()
                        == io.temporal.api.enums.v1.EventType
                            .EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED)
            .count();
    assertEquals(2, updates, "a refused update leaves no trace in the history");
    WorkflowReplayer.replayWorkflowExecution(
        workers.client().fetchHistory("u"), SweepWorkflowImpl.class);
  }

  @Test
  void cancellingASweepCancelsItsRunningExperimentsAndRecordsThem() throws Exception {
    SweepWorkflow workflow = workers.sweep("c");
    WorkflowClient.start(workflow::run, sweeps.input(plan("c", 6, 2), SETTINGS));
    while (sweeps.experimentReads.get() < 2) {
      Thread.sleep(20);
    }

    workers.client().newUntypedWorkflowStub("c").cancel();

    WorkflowFailedException e =
        assertThrows(
            WorkflowFailedException.class,
            () -> workers.client().newUntypedWorkflowStub("c").getResult(SweepOutcome.class));
    assertInstanceOf(io.temporal.failure.CanceledFailure.class, e.getCause());
    List<ExperimentResult> recorded = List.copyOf(sweeps.records.values());
    assertFalse(recorded.isEmpty());
    assertTrue(
        recorded.stream().anyMatch(r -> "cancelled".equals(r.failure())), recorded.toString());
    assertTrue(sweeps.records.size() < 6, "experiments not started have no record");
  }

  @Test
  void everyWorkflowReplaysFromItsHistory() throws Exception {
    run("s1");
    List<String> ids = List.of("s1", "s1/e0", "s1/e3", "stage/source/" + key('a', 0));
    for (String id : ids) {
      WorkflowExecutionHistory history = workers.client().fetchHistory(id);
      WorkflowReplayer.replayWorkflowExecution(
          history, SweepWorkflowImpl.class, ExperimentWorkflowImpl.class, StageWorkflowImpl.class);
    }
  }

  private static Map<String, Map<StageOutcome, Integer>> outcomesByStage(SweepResult result) {
    Map<String, Map<StageOutcome, Integer>> outcomes = new HashMap<>();
    for (ExperimentResult e : result.experiments()) {
      for (StageResult s : e.stages()) {
        outcomes
            .computeIfAbsent(s.stageId(), k -> new HashMap<>())
            .merge(s.outcome(), 1, Integer::sum);
      }
    }
    return outcomes;
  }
}
