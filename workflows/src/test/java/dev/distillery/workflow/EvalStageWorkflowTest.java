package dev.distillery.workflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.temporal.testing.WorkflowReplayer;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * An {@code eval} that calls its endpoint runs in shards on the LLM task queue, like a teacher; one
 * that serves its model stays one activity on the GPU task queue.
 */
class EvalStageWorkflowTest {
  private static final String KEY = SweepWorkflowTest.key('v', 0);
  private final FakeStageActivities stages = new FakeStageActivities(1);
  private final FakeStageActivities gpu = new FakeStageActivities(1);
  private final FakeLlmActivities llm = new FakeLlmActivities();

  @RegisterExtension
  final TestWorkers workers =
      TestWorkers.stageWorkflow()
          .activities(TaskQueues.DISTILL, stages, new FakeSweepActivities())
          .activities(TaskQueues.LLM, llm)
          .activities(TaskQueues.GPU, gpu);

  @Test
  void anEvalThatCallsItsEndpointRunsInShardsOnTheLlmQueue() throws Exception {
    ObjectNode params = JsonNodeFactory.instance.objectNode();
    params.put("base_url", "http://model/v1").put("shard_size", 4).put("parallel_shards", 2);
    StageResult result = stub().run(input(params));

    assertEquals(StageOutcome.COMPUTED, result.outcome());
    assertEquals(FakeStageActivities.SHARDED_ROWS, result.rowsOut());
    llm.assertRan(List.of("rows 0-4", "rows 4-8", "rows 8-10"), 2);
    assertEquals(1, stages.commits.get(KEY).get());
    assertTrue(stages.computations.isEmpty(), "no one-activity compute");
    assertTrue(gpu.computations.isEmpty());
    WorkflowReplayer.replayWorkflowExecution(
        workers.env().getWorkflowClient().fetchHistory(workflowId()), StageWorkflowImpl.class);
    HistoryFiles.recordIfAsked(
        workers.env().getWorkflowClient(), workflowId(), "stage-eval-sharded");
  }

  @Test
  void anEvalThatServesItsModelRunsAsOneActivityOnTheGpuQueue() {
    ObjectNode params = JsonNodeFactory.instance.objectNode();
    params.put("serve", "vllm serve {model} --port {port}").put("shard_size", 4);
    StageResult result = stub().run(input(params));

    assertEquals(StageOutcome.COMPUTED, result.outcome());
    assertEquals(1, gpu.computations.get(KEY).get(), "computed by the GPU worker");
    assertTrue(llm.shards.isEmpty(), "not in shards");
    assertTrue(stages.commits.isEmpty());
  }

  private StageWorkflow stub() {
    return StageWorkflowStubs.stage(workers.env(), workflowId());
  }

  private static String workflowId() {
    return "stage/eval/" + KEY;
  }

  private static StageInput input(ObjectNode params) {
    params.putObject("benchmarks").put("arith", "arith.jsonl");
    return StageWorkflowStubs.input(
        StageWorkflowStubs.planned("eval", "eval", KEY, params, List.of()));
  }
}
