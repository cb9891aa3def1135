package dev.distillery.workflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowStub;
import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.testing.WorkflowReplayer;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A train stage: a fine-tuning job is polled between durable timers and cancelled at the service
 * when the stage is cancelled; a training command runs on the GPU task queue.
 */
class TrainStageWorkflowTest {
  private static final String KEY = SweepWorkflowTest.key('f', 0);
  private final FakeStageActivities stages = new FakeStageActivities(1);
  private final FakeStageActivities gpu = new FakeStageActivities(1);
  private final FakeFineTuneActivities jobs = new FakeFineTuneActivities();

  @RegisterExtension
  final TestWorkers workers =
      TestWorkers.stageWorkflow()
          .activities(TaskQueues.DISTILL, stages, jobs, new FakeSweepActivities())
          .activities(TaskQueues.GPU, gpu);

  @Test
  void fineTuneJobIsPolledOnTimersUntilItEndsThenCommittedOnce() throws Exception {
    jobs.pollsUntilDone = 4;
    StageResult result = stageStub("openai-finetune").run(input("openai-finetune"));

    assertEquals(StageOutcome.COMPUTED, result.outcome());
    assertTrue(result.durationMillis() >= 4 * 30_000, "the job's time: " + result.durationMillis());
    assertEquals(1, jobs.starts.get());
    assertEquals(4, jobs.polls.get(), "polled until the job ended, and not after");
    assertEquals(1, jobs.committed.size());
    assertEquals("ft:student:ftjob-1", jobs.committed.get(0).fineTunedModel());
    assertTrue(stages.computations.isEmpty(), "no compute activity for a fine-tuning API");
    WorkflowExecutionHistory history = workers.env().getWorkflowClient().fetchHistory(workflowId());
    long timers =
        history.getEvents().stream().filter(e -> e.hasTimerStartedEventAttributes()).count();
    assertEquals(4, timers, "one durable timer per poll");
    replay(history);
  }

  @Test
  void aFailedJobFailsTheStageWithTheServiceError() {
    jobs.finalStatus = "failed";
    WorkflowFailedException failed =
        assertThrows(
            WorkflowFailedException.class,
            () -> stageStub("openai-finetune").run(input("openai-finetune")));
    assertTrue(
        String.valueOf(failed.getCause().getMessage()).contains("bad file"),
        failed.getCause().getMessage());
  }

  @Test
  void cancellingTheStageCancelsTheJobAtTheService() throws Exception {
    jobs.pollsUntilDone = 1_000;
    StageWorkflow stage = stageStub("openai-finetune");
    WorkflowClient.start(stage::run, input("openai-finetune"));
    workers.env().sleep(Duration.ofMinutes(3));
    assertTrue(jobs.polls.get() >= 2, "polling: " + jobs.polls.get());
    WorkflowStub.fromTyped(stage).cancel();
    assertThrows(Exception.class, () -> WorkflowStub.fromTyped(stage).getResult(StageResult.class));
    assertEquals(List.of("ftjob-1"), jobs.cancelled);
    assertTrue(jobs.committed.isEmpty());
  }

  @Test
  void aTrainingCommandRunsOnTheGpuQueue() throws Exception {
    StageResult result = stageStub("command").run(input("command"));

    assertEquals(StageOutcome.COMPUTED, result.outcome());
    assertEquals(1, gpu.computations.get(KEY).get(), "computed by the GPU worker");
    assertTrue(stages.computations.isEmpty(), "not by the storage worker");
    assertEquals(0, jobs.starts.get());
  }

  private StageWorkflow stageStub(String trainer) {
    return StageWorkflowStubs.stage(workers.env(), workflowId());
  }

  private static String workflowId() {
    return "stage/train/" + KEY;
  }

  private static StageInput input(String trainer) {
    ObjectNode params = JsonNodeFactory.instance.objectNode();
    params.put("trainer", trainer).put("base_model", "student").put("poll_seconds", 30);
    return StageWorkflowStubs.input(
        StageWorkflowStubs.planned("train", "train", KEY, params, List.of()));
  }

  private static void replay(WorkflowExecutionHistory history) throws Exception {
    WorkflowReplayer.replayWorkflowExecution(history, StageWorkflowImpl.class);
  }
}
