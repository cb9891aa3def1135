package dev.distillery.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.distillery.workflow.StageOutcome;
import dev.distillery.workflow.StageProgress;
import dev.distillery.workflow.StageResult;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How one experiment's stages are classified for the status table. */
class SweepViewsTest {
  private static final List<String> IDS = List.of("source", "dedup", "teacher", "export");

  private static StageResult result(String id, StageOutcome outcome) {
    return new StageResult(id, "k", "key-" + id, outcome, "s3://x", 10, 9, Map.of(), 1);
  }

  private static List<String> cells(List<StageView> stages) {
    return stages.stream().map(StageView::cell).toList();
  }

  @Test
  void aRunningStageShowsItsRowsAndLaterStagesWait() {
    List<StageView> stages =
        SweepViews.stages(
            IDS,
            List.of(result("source", StageOutcome.REUSED), result("dedup", StageOutcome.JOINED)),
            "teacher",
            StageProgress.ofRows(40, 200),
            null);
    assertEquals(List.of("reused", "done", "running 40/200 rows (20%)", "waiting"), cells(stages));
  }

  @Test
  void aRunningStageWithoutHeartbeatsIsJustRunning() {
    List<StageView> stages =
        SweepViews.stages(
            IDS, List.of(result("source", StageOutcome.COMPUTED)), "dedup", null, null);
    assertEquals(List.of("done", "running", "waiting", "waiting"), cells(stages));
  }

  @Test
  void theFirstMissingStageOfAFailedExperimentFailedAndTheRestAreSkipped() {
    List<StageView> stages =
        SweepViews.stages(
            IDS, List.of(result("source", StageOutcome.COMPUTED)), null, null, StageState.FAILED);
    assertEquals(List.of("done", "failed", "skipped", "skipped"), cells(stages));
  }

  @Test
  void theMissingStagesOfACancelledExperimentAreCancelledAndItsFinishedOnesDone() {
    List<StageView> stages =
        SweepViews.stages(
            IDS,
            List.of(result("source", StageOutcome.REUSED), result("dedup", StageOutcome.JOINED)),
            null,
            null,
            StageState.CANCELLED);
    assertEquals(List.of("reused", "done", "cancelled", "cancelled"), cells(stages));
  }
}
