package dev.distillery.workflow;

import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Writes the histories that {@link ReplayCheckedInHistoriesTest} replays. Run it (from the
 * workflows module) only when a workflow change is meant to be incompatible, and say so in the
 * commit: {@code java -cp target/test-classes:$(cat cp.txt)
 * dev.distillery.workflow.RecordHistories}.
 */
public final class RecordHistories {
  private RecordHistories() {}

  public static void main(String[] args) throws Exception {
    Path dir = Path.of("src/test/resources/histories");
    Files.createDirectories(dir);
    try (TestWorkflowEnvironment env = TestWorkflowEnvironment.newInstance()) {
      Worker worker = env.newWorker(TaskQueues.DISTILL);
      worker.registerWorkflowImplementationTypes(
          SweepWorkflowImpl.class, ExperimentWorkflowImpl.class, StageWorkflowImpl.class);
      FakeSweepActivities sweeps = new FakeSweepActivities();
      FakeStageActivities stages = new FakeStageActivities(300);
      sweeps.stages = stages;
      worker.registerActivitiesImplementations(stages, sweeps);
      DistillSearchAttributes.ALL.forEach(
          key -> env.registerSearchAttribute(key.getName(), key.getValueType()));
      env.start();
      WorkflowClient client = env.getWorkflowClient();
      client
          .newWorkflowStub(
              SweepWorkflow.class,
              WorkflowOptions.newBuilder()
                  .setWorkflowId("s1")
                  .setTaskQueue(TaskQueues.DISTILL)
                  .build())
          .run(sweeps.input(SweepWorkflowTest.plan("s1"), new ExecutionSettings(10, 30)));
      Map<String, String> files =
          Map.of(
              "s1",
              "sweep.json",
              "s1/e1",
              "experiment.json",
              "stage/source/" + SweepWorkflowTest.key('a', 0),
              "stage.json");
      for (var entry : files.entrySet()) {
        Files.writeString(
            dir.resolve(entry.getValue()), client.fetchHistory(entry.getKey()).toJson(true));
      }
    }
  }
}
