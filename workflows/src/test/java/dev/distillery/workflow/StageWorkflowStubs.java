package dev.distillery.workflow;

import io.temporal.client.WorkflowOptions;
import io.temporal.testing.TestWorkflowEnvironment;

/** What the workflow tests that start one stage workflow on a test environment share. */
final class StageWorkflowStubs {
  private StageWorkflowStubs() {}

  /** Registers Distillery's search attributes, as a worker does on a real server. */
  static void registerSearchAttributes(TestWorkflowEnvironment env) {
    DistillSearchAttributes.ALL.forEach(
        key -> env.registerSearchAttribute(key.getName(), key.getValueType()));
  }

  /** A stub that starts the stage workflow {@code workflowId} on the distillery queue. */
  static StageWorkflow stage(TestWorkflowEnvironment env, String workflowId) {
    return env.getWorkflowClient()
        .newWorkflowStub(
            StageWorkflow.class,
            WorkflowOptions.newBuilder()
                .setWorkflowId(workflowId)
                .setTaskQueue(TaskQueues.DISTILL)
                .build());
  }
}
