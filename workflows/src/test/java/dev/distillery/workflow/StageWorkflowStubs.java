package dev.distillery.workflow;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.distillery.plan.PlannedStage;
import dev.distillery.plan.StageRef;
import dev.distillery.recipe.RetrySpec;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.testing.TestWorkflowEnvironment;
import java.util.List;

/** What the workflow tests that plan stages or start one stage workflow share. */
final class StageWorkflowStubs {
  /** The execution settings the tests run stages with. */
  static final ExecutionSettings SETTINGS = new ExecutionSettings(10, 30);

  private StageWorkflowStubs() {}

  /** A stage of version 1 tried once, with no params. */
  static PlannedStage planned(String id, String kind, String key, List<StageRef> inputs) {
    return planned(id, kind, key, JsonNodeFactory.instance.objectNode(), inputs);
  }

  /** A stage of version 1 tried once. */
  static PlannedStage planned(
      String id, String kind, String key, ObjectNode params, List<StageRef> inputs) {
    return new PlannedStage(id, kind, 1, key, params, inputs, new RetrySpec(1, 5));
  }

  /** The input of {@code stage} run alone, in experiment {@code e} of sweep {@code s}. */
  static StageInput input(PlannedStage stage) {
    return new StageInput("s", "e", stage, SETTINGS);
  }

  /** A stub that starts the stage workflow {@code workflowId} on the distillery queue. */
  static StageWorkflow stage(TestWorkflowEnvironment env, String workflowId) {
    return env.getWorkflowClient().newWorkflowStub(StageWorkflow.class, options(workflowId));
  }

  /** The same as {@link #stage}, untyped, for a test that signals the stage it starts. */
  static WorkflowStub untypedStage(TestWorkflowEnvironment env, String workflowId) {
    return env.getWorkflowClient().newUntypedWorkflowStub("StageWorkflow", options(workflowId));
  }

  private static WorkflowOptions options(String workflowId) {
    return WorkflowOptions.newBuilder()
        .setWorkflowId(workflowId)
        .setTaskQueue(TaskQueues.DISTILL)
        .build();
  }
}
