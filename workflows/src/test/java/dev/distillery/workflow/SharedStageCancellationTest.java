package dev.distillery.workflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.temporal.api.enums.v1.EventType;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowStub;
import io.temporal.failure.CanceledFailure;
import io.temporal.testing.WorkflowReplayer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two sweeps whose experiments share every stage: the first starts the stages, the second joins
 * them. Cancelling the first must not stop a stage the second still needs.
 */
class SharedStageCancellationTest {
  private static final ExecutionSettings SETTINGS = new ExecutionSettings(10, 30);
  private static final String STAGE_A = "stage/source/" + SweepWorkflowTest.key('a', 0);

  private final FakeStageActivities stages = new FakeStageActivities(3_000);
  private final FakeSweepActivities sweeps = new FakeSweepActivities(stages);

  @RegisterExtension
  final TestWorkers workers =
      TestWorkers.sweepWorkflows().activities(TaskQueues.DISTILL, stages, sweeps);

  @Test
  void cancellingTheExperimentThatStartedASharedStageLetsTheJoinerFinish() throws Exception {
    startBothAndAwaitTheJoin();

    workers.client().newUntypedWorkflowStub("x1").cancel();

    assertCancelled("x1");
    SweepOutcome second = sweep("x2").getResult(SweepOutcome.class);
    assertEquals(1, second.succeeded(), second.toString());
    ExperimentResult joiner = sweeps.result("x2").experiments().get(0);
    assertEquals(StageOutcome.JOINED, joiner.stages().get(0).outcome(), joiner.toString());
    assertEquals(1, stages.computations.get(SweepWorkflowTest.key('a', 0)).get());
    replay("x1/e0", "x2/e0", STAGE_A);
  }

  @Test
  void aSharedStageStopsOnlyWhenEveryExperimentThatNeedsItWasCancelled() throws Exception {
    startBothAndAwaitTheJoin();

    workers.client().newUntypedWorkflowStub("x1").cancel();
    assertCancelled("x1");
    assertEquals(
        WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING,
        status(STAGE_A),
        "the stage runs on for x2");

    workers.client().newUntypedWorkflowStub("x2").cancel();
    assertCancelled("x2");
    for (int i = 0; i < 100 && status(STAGE_A) == running(); i++) {
      Thread.sleep(20);
    }
    assertEquals(
        WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_FAILED,
        status(STAGE_A),
        "stopped as abandoned before its 3 s computation ended");
    replay("x1/e0", "x2/e0", STAGE_A);
    HistoryFiles.recordIfAsked(workers.client(), "x1/e0", "experiment-cancelled");
    HistoryFiles.recordIfAsked(workers.client(), STAGE_A, "stage-left");
  }

  private void startBothAndAwaitTheJoin() throws InterruptedException {
    WorkflowClient.start(
        workers.sweep("x1")::run, sweeps.input(SweepWorkflowTest.plan("x1", 1, 1), SETTINGS));
    while (!subscribed()) {
      if (status(STAGE_A) == running() && sweeps.plans.size() == 1) {
        WorkflowClient.start(
            workers.sweep("x2")::run, sweeps.input(SweepWorkflowTest.plan("x2", 1, 1), SETTINGS));
      }
      Thread.sleep(20);
    }
  }

  /** Whether the second sweep's experiment has subscribed to stage a, started by the first. */
  private boolean subscribed() {
    if (status(STAGE_A) != running()) {
      return false;
    }
    return workers.client().fetchHistory(STAGE_A).getEvents().stream()
        .anyMatch(
            e ->
                e.getEventType() == EventType.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED
                    && e.getWorkflowExecutionSignaledEventAttributes()
                        .getSignalName()
                        .equals(StageWorkflow.SUBSCRIBE_SIGNAL));
  }

  private WorkflowExecutionStatus status(String id) {
    try {
      return workers
          .client()
          .newUntypedWorkflowStub(id)
          .describe()
          .getWorkflowExecutionInfo()
          .getStatus();
    } catch (RuntimeException notStartedYet) {
      return WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_UNSPECIFIED;
    }
  }

  private static WorkflowExecutionStatus running() {
    return WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING;
  }

  private void assertCancelled(String sweep) {
    WorkflowFailedException e =
        assertThrows(
            WorkflowFailedException.class,
            () -> workers.client().newUntypedWorkflowStub(sweep).getResult(SweepOutcome.class));
    assertInstanceOf(CanceledFailure.class, e.getCause());
    assertTrue(
        sweeps.records.values().stream().anyMatch(r -> "cancelled".equals(r.failure())),
        sweeps.records.toString());
  }

  private WorkflowStub sweep(String id) {
    return workers.client().newUntypedWorkflowStub(id);
  }

  private void replay(String... ids) throws Exception {
    for (String id : ids) {
      WorkflowReplayer.replayWorkflowExecution(
          workers.client().fetchHistory(id),
          SweepWorkflowImpl.class,
          ExperimentWorkflowImpl.class,
          StageWorkflowImpl.class);
    }
  }
}
