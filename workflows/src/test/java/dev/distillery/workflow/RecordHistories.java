package dev.distillery.workflow;

import io.temporal.client.WorkflowClient;
import io.temporal.testing.TestWorkflowEnvironment;
import java.nio.file.Path;
import java.util.Map;

/**
 * Writes new versions of the sweep, experiment and stage histories that {@link
 * ReplayCheckedInHistoriesTest} replays, beside the old ones ({@link HistoryFiles}). Run it (from
 * the workflows module) after a workflow change: {@code java -cp target/test-classes:$(cat cp.txt)
 * dev.distillery.workflow.RecordHistories}.
 */
public final class RecordHistories {
  private RecordHistories() {}

  public static void main(String[] args) throws Exception {
    Path dir = Path.of("src/test/resources/histories");
    FakeStageActivities stages = new FakeStageActivities(300);
    FakeSweepActivities sweeps = new FakeSweepActivities(stages);
    TestWorkers workers =
        TestWorkers.sweepWorkflows().activities(TaskQueues.DISTILL, stages, sweeps);
    try (TestWorkflowEnvironment env = workers.start()) {
      WorkflowClient client = env.getWorkflowClient();
      workers
          .sweep("s1")
          .run(sweeps.input(SweepWorkflowTest.plan("s1"), new ExecutionSettings(10, 30)));
      Map<String, String> files =
          Map.of(
              "s1",
              "sweep",
              "s1/e1",
              "experiment",
              "stage/source/" + SweepWorkflowTest.key('a', 0),
              "stage");
      for (var entry : files.entrySet()) {
        HistoryFiles.writeNext(
            dir, entry.getValue(), client.fetchHistory(entry.getKey()).toJson(true));
      }
    }
  }
}
