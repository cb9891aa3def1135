package dev.distillery.workflow;

import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Builds the test Temporal environment the workflow tests run on: Distillery's workflows on the
 * distillery queue, fake activities on the queues a test names, and Distillery's search attributes
 * registered as a worker does on a real server.
 *
 * <p>As a field with {@code @RegisterExtension}, it starts the environment before each test and
 * closes it after.
 */
final class TestWorkers implements BeforeEachCallback, AfterEachCallback {
  private final TestWorkflowEnvironment env = TestWorkflowEnvironment.newInstance();
  private final Map<String, Worker> workers = new HashMap<>();

  private TestWorkers(Class<?>... workflowTypes) {
    worker(TaskQueues.DISTILL).registerWorkflowImplementationTypes(workflowTypes);
  }

  /** The sweep, experiment and stage workflows, as {@code distill worker} runs them. */
  static TestWorkers sweepWorkflows() {
    return new TestWorkers(
        SweepWorkflowImpl.class, ExperimentWorkflowImpl.class, StageWorkflowImpl.class);
  }

  /** The stage workflow alone, for tests that start one stage directly. */
  static TestWorkers stageWorkflow() {
    return new TestWorkers(StageWorkflowImpl.class);
  }

  /** Registers {@code activities} on a worker polling {@code taskQueue}. */
  TestWorkers activities(String taskQueue, Object... activities) {
    worker(taskQueue).registerActivitiesImplementations(activities);
    return this;
  }

  /** The environment, started. */
  TestWorkflowEnvironment env() {
    return env;
  }

  /** The client of the started environment. */
  WorkflowClient client() {
    return env.getWorkflowClient();
  }

  /** A stub that starts the sweep workflow {@code workflowId} on the distillery queue. */
  SweepWorkflow sweep(String workflowId) {
    return client()
        .newWorkflowStub(
            SweepWorkflow.class,
            WorkflowOptions.newBuilder()
                .setWorkflowId(workflowId)
                .setTaskQueue(TaskQueues.DISTILL)
                .build());
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    start();
  }

  @Override
  public void afterEach(ExtensionContext context) {
    env.close();
  }

  /** Starts the environment; the caller closes it. */
  TestWorkflowEnvironment start() {
    DistillSearchAttributes.ALL.forEach(
        key -> env.registerSearchAttribute(key.getName(), key.getValueType()));
    env.start();
    return env;
  }

  private Worker worker(String taskQueue) {
    return workers.computeIfAbsent(taskQueue, env::newWorker);
  }
}
