package dev.distillery.worker;

import dev.distillery.activity.BatchActivitiesImpl;
import dev.distillery.activity.FineTuneActivitiesImpl;
import dev.distillery.activity.LlmActivitiesImpl;
import dev.distillery.activity.StageActivitiesImpl;
import dev.distillery.activity.SweepActivitiesImpl;
import dev.distillery.workflow.ExperimentWorkflowImpl;
import dev.distillery.workflow.StageWorkflowImpl;
import dev.distillery.workflow.SweepWorkflowImpl;
import dev.distillery.workflow.TaskQueues;
import io.temporal.client.WorkflowClient;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;
import io.temporal.worker.WorkerOptions;
import java.time.Duration;

/** Registers Distillery's workflows and activities on Temporal workers. */
public final class DistillWorker {
  private DistillWorker() {}

  /**
   * Starts workers for the task queues in {@code settings}: {@link TaskQueues#DISTILL} runs the
   * workflows, stage and sweep-record activities, {@link TaskQueues#LLM} the shards that call
   * models, {@link TaskQueues#GPU} the stage activities that need the training machine (one at a
   * time: a training command or a served model takes the machine's GPUs).
   *
   * @param sticky whether to use sticky workflow execution (a per-worker task queue that keeps a
   *     workflow's next task on the worker that cached it). Turn it off against the Temporal test
   *     server: it never times out a sticky task, so a workflow whose worker died would wait
   *     forever; a real server reroutes such tasks after 5 s.
   */
  public static WorkerFactory start(
      WorkflowClient client,
      StageActivitiesImpl stageActivities,
      SweepActivitiesImpl sweepActivities,
      LlmActivitiesImpl llmActivities,
      BatchActivitiesImpl batchActivities,
      FineTuneActivitiesImpl fineTuneActivities,
      WorkerSettings settings,
      boolean sticky) {
    WorkerFactory factory = WorkerFactory.newInstance(client);
    if (settings.taskQueues().contains(TaskQueues.DISTILL)) {
      Worker worker =
          factory.newWorker(
              TaskQueues.DISTILL,
              base(sticky).setMaxConcurrentActivityExecutionSize(settings.maxActivities()).build());
      worker.registerWorkflowImplementationTypes(
          SweepWorkflowImpl.class, ExperimentWorkflowImpl.class, StageWorkflowImpl.class);
      worker.registerActivitiesImplementations(
          stageActivities, sweepActivities, fineTuneActivities);
    }
    if (settings.taskQueues().contains(TaskQueues.LLM)) {
      WorkerOptions.Builder llm =
          base(sticky).setMaxConcurrentActivityExecutionSize(settings.maxShards());
      if (settings.shardsPerSecond() > 0) {
        llm.setMaxTaskQueueActivitiesPerSecond(settings.shardsPerSecond());
      }
      factory
          .newWorker(TaskQueues.LLM, llm.build())
          .registerActivitiesImplementations(llmActivities, batchActivities);
    }
    if (settings.taskQueues().contains(TaskQueues.GPU)) {
      factory
          .newWorker(TaskQueues.GPU, base(sticky).setMaxConcurrentActivityExecutionSize(1).build())
          .registerActivitiesImplementations(stageActivities);
    }
    factory.start();
    return factory;
  }

  private static WorkerOptions.Builder base(boolean sticky) {
    return WorkerOptions.newBuilder()
        // Heartbeats carry progress: send them at least every 5 s so status is fresh.
        .setMaxHeartbeatThrottleInterval(Duration.ofSeconds(5))
        // A zero timeout makes the SDK send no sticky attributes.
        .setStickyQueueScheduleToStartTimeout(sticky ? Duration.ofSeconds(5) : Duration.ZERO);
  }
}
