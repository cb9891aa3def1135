package dev.distillery.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.distillery.store.ArtifactStore;
import dev.distillery.store.FakeBlobStore;
import dev.distillery.workflow.TaskQueues;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;
import io.temporal.worker.WorkerFactoryOptions;
import io.temporal.worker.WorkerOptions;
import java.io.FileNotFoundException;
import org.junit.jupiter.api.Test;

/**
 * What the plugin does to a team's worker factory: workers for the queues it was given, with
 * Distillery's limits, and nothing to the team's own workers.
 */
class DistilleryPluginTest {
  private static DistilleryPluginBuilder builder() {
    return DistilleryPlugin.newBuilder()
        .store(
            new ArtifactStore(new FakeBlobStore()),
            path -> {
              throw new FileNotFoundException(path);
            });
  }

  @Test
  void startingTheFactoryAddsWorkersForTheChosenQueuesOnlyAndLeavesTheTeamsOwnAlone() {
    DistilleryPlugin plugin =
        builder()
            .taskQueues(TaskQueues.DISTILL, TaskQueues.LLM)
            .maxActivities(3)
            .maxShards(7)
            .shardsPerSecond(2.5)
            .build();
    try (TestWorkflowEnvironment env = TestWorkflowEnvironment.newInstance()) {
      WorkerFactory factory =
          WorkerFactory.newInstance(
              env.getWorkflowClient(),
              WorkerFactoryOptions.newBuilder().setPlugins(plugin).build());
      Worker orders =
          factory.newWorker(
              "orders",
              WorkerOptions.newBuilder().setMaxConcurrentActivityExecutionSize(11).build());
      factory.start();
      try {
        WorkerOptions distill = factory.getWorker(TaskQueues.DISTILL).getWorkerOptions();
        assertEquals(3, distill.getMaxConcurrentActivityExecutionSize());
        WorkerOptions llm = factory.getWorker(TaskQueues.LLM).getWorkerOptions();
        assertEquals(7, llm.getMaxConcurrentActivityExecutionSize());
        assertEquals(2.5, llm.getMaxTaskQueueActivitiesPerSecond());
        assertNull(factory.tryGetWorker(TaskQueues.GPU), "GPU was not chosen");
        assertEquals(11, orders.getWorkerOptions().getMaxConcurrentActivityExecutionSize());
      } finally {
        factory.shutdownNow();
      }
    }
  }

  @Test
  void aDistillWorkerTheTeamCreatedIsTheOneThatGetsDistillerysWork() {
    DistilleryPlugin plugin = builder().taskQueues(TaskQueues.DISTILL).build();
    try (TestWorkflowEnvironment env = TestWorkflowEnvironment.newInstance()) {
      WorkerFactory factory =
          WorkerFactory.newInstance(
              env.getWorkflowClient(),
              WorkerFactoryOptions.newBuilder().setPlugins(plugin).build());
      Worker own = factory.newWorker(TaskQueues.DISTILL);
      factory.start();
      try {
        assertEquals(own, factory.getWorker(TaskQueues.DISTILL));
        assertEquals(4, own.getWorkerOptions().getMaxConcurrentActivityExecutionSize());
      } finally {
        factory.shutdownNow();
      }
    }
  }

  @Test
  void anUnknownTaskQueueIsRefusedWithTheNamesToChooseFrom() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> builder().taskQueues("my-team-distillery"));
    assertTrue(e.getMessage().contains("'my-team-distillery'"), e.getMessage());
    assertTrue(
        e.getMessage().contains("distillery, distillery-llm, distillery-gpu"), e.getMessage());
  }

  @Test
  void aPluginWithoutAStoreSaysHowToGiveOne() {
    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> DistilleryPlugin.newBuilder().build());
    assertTrue(e.getMessage().contains("s3(client, bucket, prefix)"), e.getMessage());
  }
}
