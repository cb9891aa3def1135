package dev.distillery.worker;

import dev.distillery.activity.StageActivitiesImpl;
import dev.distillery.workflow.ExperimentWorkflowImpl;
import dev.distillery.workflow.StageWorkflowImpl;
import dev.distillery.workflow.SweepWorkflowImpl;
import dev.distillery.workflow.TaskQueues;
import io.temporal.client.WorkflowClient;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;
import io.temporal.worker.WorkerOptions;

/** Registers Distillery's workflows and activities on a Temporal worker. */
public final class DistillWorker {
  private DistillWorker() {}

  /**
   * Starts a worker polling {@link TaskQueues#DISTILL}.
   *
   * @param maxConcurrentActivities stage activities run at once on this worker
   */
  public static WorkerFactory start(
      WorkflowClient client, StageActivitiesImpl activities, int maxConcurrentActivities) {
    WorkerFactory factory = WorkerFactory.newInstance(client);
    Worker worker =
        factory.newWorker(
            TaskQueues.DISTILL,
            WorkerOptions.newBuilder()
                .setMaxConcurrentActivityExecutionSize(maxConcurrentActivities)
                .build());
    worker.registerWorkflowImplementationTypes(
        SweepWorkflowImpl.class, ExperimentWorkflowImpl.class, StageWorkflowImpl.class);
    worker.registerActivitiesImplementations(activities);
    factory.start();
    return factory;
  }
}
