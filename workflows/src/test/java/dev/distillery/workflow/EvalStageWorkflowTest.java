package dev.distillery.workflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.distillery.plan.PlannedStage;
import dev.distillery.recipe.RetrySpec;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.WorkflowReplayer;
import io.temporal.worker.Worker;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * An {@code eval} that calls its endpoint runs in shards on the LLM task queue, like a teacher; one
 * that serves its model stays one activity on the GPU task queue.
 */
class EvalStageWorkflowTest {
  private static final String KEY = SweepWorkflowTest.key('v', 0);
  private TestWorkflowEnvironment env;
  private FakeStageActivities stages;
  private FakeStageActivities gpu;
  private FakeLlmActivities llm;

  @BeforeEach
  void start() {
    env = TestWorkflowEnvironment.newInstance();
    Worker worker = env.newWorker(TaskQueues.DISTILL);
    worker.registerWorkflowImplementationTypes(StageWorkflowImpl.class);
    stages = new FakeStageActivities(1);
    worker.registerActivitiesImplementations(stages, new FakeSweepActivities());
    llm = new FakeLlmActivities();
    env.newWorker(TaskQueues.LLM).registerActivitiesImplementations(llm);
    gpu = new FakeStageActivities(1);
    env.newWorker(TaskQueues.GPU).registerActivitiesImplementations(gpu);
    StageWorkflowStubs.registerSearchAttributes(env);
    env.start();
  }

  @AfterEach
  void stop() {
    env.close();
  }

  @Test
  void anEvalThatCallsItsEndpointRunsInShardsOnTheLlmQueue() throws Exception {
    ObjectNode params = JsonNodeFactory.instance.objectNode();
    params.put("base_url", "http://model/v1").put("shard_size", 4).put("parallel_shards", 2);
    StageResult result = stub().run(input(params));

    assertEquals(StageOutcome.COMPUTED, result.outcome());
    assertEquals(FakeStageActivities.SHARDED_ROWS, result.rowsOut());
    assertEquals(
        List.of("rows 0-4", "rows 4-8", "rows 8-10"),
        llm.shards.keySet().stream().map(k -> k.substring(k.indexOf('@') + 1)).sorted().toList());
    assertTrue(llm.maxRunning.get() <= 2, "at most parallel_shards at once: " + llm.maxRunning);
    assertEquals(1, stages.commits.get(KEY).get());
    assertTrue(stages.computations.isEmpty(), "no one-activity compute");
    assertTrue(gpu.computations.isEmpty());
    WorkflowReplayer.replayWorkflowExecution(
        env.getWorkflowClient().fetchHistory(workflowId()), StageWorkflowImpl.class);
    record("stage-eval-sharded");
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

  /**
   * Writes a new version of a scenario's history for {@link ReplayCheckedInHistoriesTest} when the
   * system property {@code distill.recordHistories} names a folder (see {@link
   * ShardedStageWorkflowTest}).
   */
  private void record(String scenario) throws Exception {
    String dir = System.getProperty("distill.recordHistories");
    if (dir != null) {
      HistoryFiles.writeNext(
          Path.of(dir), scenario, env.getWorkflowClient().fetchHistory(workflowId()).toJson(true));
    }
  }

  private StageWorkflow stub() {
    return StageWorkflowStubs.stage(env, workflowId());
  }

  private static String workflowId() {
    return "stage/eval/" + KEY;
  }

  private static StageInput input(ObjectNode params) {
    params.putObject("benchmarks").put("arith", "arith.jsonl");
    PlannedStage stage =
        new PlannedStage("eval", "eval", 1, KEY, params, List.of(), new RetrySpec(1, 5));
    return new StageInput("s", "e", stage, new ExecutionSettings(10, 30));
  }
}
