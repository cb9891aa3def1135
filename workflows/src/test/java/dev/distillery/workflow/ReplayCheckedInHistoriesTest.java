package dev.distillery.workflow;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.temporal.testing.WorkflowReplayer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Replays histories recorded by an earlier version of the workflow code (see {@link
 * RecordHistories}). A failure means a change is not replay-compatible with running workflows:
 * guard it with {@code Workflow.getVersion} rather than re-recording.
 */
class ReplayCheckedInHistoriesTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "sweep.json",
        "experiment.json",
        "stage.json",
        "sweep-budget.json",
        "stage-sharded-budget.json",
        "stage-batch.json",
        "sweep-budget-in-shard.json",
        "stage-sharded-pause.json"
      })
  void replays(String file) throws Exception {
    String json = read("/histories/" + file);
    assertTrue(
        json.contains("WorkflowExecutionStarted") || json.contains("WORKFLOW_EXECUTION_STARTED"));
    WorkflowReplayer.replayWorkflowExecution(
        json, SweepWorkflowImpl.class, ExperimentWorkflowImpl.class, StageWorkflowImpl.class);
  }

  private static String read(String resource) throws IOException {
    try (InputStream in = ReplayCheckedInHistoriesTest.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IOException("missing test resource " + resource);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
