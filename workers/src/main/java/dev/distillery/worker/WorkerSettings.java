package dev.distillery.worker;

import dev.distillery.workflow.TaskQueues;
import java.util.List;
import java.util.Set;

/**
 * What a worker polls and how much it runs at once.
 *
 * @param taskQueues the task queues to poll: any of {@link TaskQueues#DISTILL}, {@link
 *     TaskQueues#LLM} and {@link TaskQueues#GPU}
 * @param maxActivities stage activities (storage and CPU work) at once
 * @param maxShards shard activities (model calls) at once; each runs up to its stage's {@code
 *     concurrency} requests
 * @param shardsPerSecond the server-side limit on shard starts per second across every worker of
 *     the LLM task queue (Temporal's {@code maxTaskQueueActivitiesPerSecond}); 0 for none
 */
public record WorkerSettings(
    Set<String> taskQueues, int maxActivities, int maxShards, double shardsPerSecond) {
  /** Every queue (the embedded stack's worker trains and serves too), four shards, no limit. */
  public static WorkerSettings of(int maxActivities) {
    return new WorkerSettings(Set.copyOf(TaskQueues.ALL), maxActivities, 4, 0);
  }

  public WorkerSettings {
    taskQueues = Set.copyOf(taskQueues);
  }

  /** Every task queue a worker may poll. */
  public static List<String> knownQueues() {
    return TaskQueues.ALL;
  }
}
