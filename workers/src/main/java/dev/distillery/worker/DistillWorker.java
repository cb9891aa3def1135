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
import java.time.Duration;

/** Registers Distillery's workflows and activities on a Temporal worker. */
public final class DistillWorker {
  private DistillWorker() {}

  /**
   * Starts a worker polling {@link TaskQueues#DISTILL}.
   *
   * @param maxConcurrentActivities stage activities run at once on this worker
   * @param sticky whether to use sticky workflow execution (a per-worker task queue that keeps a
   *     workflow's next task on the worker that cached it). Turn it off against the Temporal test
   *     server: it never times out a sticky task, so a workflow whose worker died would wait
   *     forever; a real server reroutes such tasks after 5 s.
   */
  public static WorkerFactory start(
      WorkflowClient client,
      StageActivitiesImpl activities,
      int maxConcurrentActivities,
      boolean sticky) {
    WorkerFactory factory = WorkerFactory.newInstance(client);
    Worker worker =
        factory.newWorker(
            TaskQueues.DISTILL,
            WorkerOptions.newBuilder()
                .setMaxConcurrentActivityExecutionSize(maxConcurrentActivities)
                // Heartbeats carry progress: send them at least every 5 s so status is fresh.
                .setMaxHeartbeatThrottleInterval(Duration.ofSeconds(5))
                // A zero timeout makes the SDK send no sticky attributes.
                .setStickyQueueScheduleToStartTimeout(
                    sticky ? Duration.ofSeconds(5) : Duration.ZERO)
                .build());
    worker.registerWorkflowImplementationTypes(
        SweepWorkflowImpl.class, ExperimentWorkflowImpl.class, StageWorkflowImpl.class);
    worker.registerActivitiesImplementations(activities);
    factory.start();
    return factory;
  }
}
