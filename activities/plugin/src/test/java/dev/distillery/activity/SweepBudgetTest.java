package dev.distillery.activity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.distillery.workflow.ShardProgress;
import dev.distillery.workflow.SpendGrant;
import dev.distillery.workflow.SpendReport;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A shard asks the sweep for a grant only when its cap is reached, and stops for good when refused.
 */
class SweepBudgetTest {

  /** Plays back grants and records the reports. */
  private static final class RecordingShardMessages implements ShardMessages {
    final Deque<SpendGrant> grants = new ArrayDeque<>();
    final List<SpendReport> reports = new ArrayList<>();
    volatile boolean open = true;
    int asked;

    @Override
    public void progress(String stageWorkflowId, ShardProgress progress) {}

    @Override
    public SpendGrant reportSpend(String sweepWorkflowId, SpendReport report) {
      reports.add(report);
      return grants.isEmpty() ? new SpendGrant(false, 0, 0, "used up") : grants.poll();
    }

    @Override
    public boolean budgetOpen(String sweepWorkflowId, String endpoint) {
      asked++;
      return open;
    }
  }

  @Test
  void asksOnlyAtItsCapAndStopsForGoodWhenRefused() throws Exception {
    RecordingShardMessages sweep = new RecordingShardMessages();
    sweep.grants.add(new SpendGrant(true, 150, 0, "open"));
    sweep.grants.add(new SpendGrant(true, 230, 0, "open"));
    // Resumed from a checkpoint that had spent 100 tokens.
    SweepBudget budget = new SweepBudget(sweep, "sw", "stage/t/k", "e", "rows 0-10", "a#1", 100, 0);

    assertTrue(budget.admit());
    budget.spent(30, 0);
    assertTrue(budget.admit(), "130 < 150");
    budget.spent(30, 0);
    assertEquals(1, sweep.reports.size(), "no report while under the cap");
    assertTrue(budget.admit(), "160 >= 150: asked again, got 230");
    assertEquals(2, sweep.reports.size());
    assertEquals(160, sweep.reports.get(1).tokens());
    budget.spent(80, 0);
    assertFalse(budget.admit(), "240 >= 230, and the sweep says no");
    assertFalse(budget.admit());
    assertEquals(3, sweep.reports.size(), "a closed gate does not ask again");
    assertEquals("used up", budget.closedBecause());

    budget.finish();
    SpendReport last = sweep.reports.get(3);
    assertTrue(last.last());
    assertEquals(240, last.tokens());
    assertEquals(100, sweep.reports.get(0).tokens(), "the first report starts at the checkpoint");
  }

  @Test
  void aRunThatNeverAskedSendsNoFinalReport() {
    RecordingShardMessages sweep = new RecordingShardMessages();
    new SweepBudget(sweep, "sw", "stage/t/k", "e", "rows 0-10", "a#1", 0, 0).finish();
    assertTrue(sweep.reports.isEmpty());
  }

  /** Other shards' requests in flight used the budget up: the next checkpoint closes the gate. */
  @Test
  void aCheckpointClosesTheGateWhenTheSweepSaysTheBudgetIsUsedUp() throws Exception {
    RecordingShardMessages sweep = new RecordingShardMessages();
    sweep.grants.add(new SpendGrant(true, 1000, 0, "open"));
    SweepBudget budget = new SweepBudget(sweep, "sw", "stage/t/k", "e", "rows 0-10", "a#1", 0, 0);
    budget.checkpoint();
    assertEquals(0, sweep.asked, "a run that never asked for a grant does not ask at checkpoints");

    assertTrue(budget.admit());
    budget.spent(10, 0);
    budget.checkpoint();
    assertTrue(budget.admit(), "the sweep still has room");
    sweep.open = false;
    budget.checkpoint();
    assertFalse(budget.admit(), "10 of a 1000 cap, but the sweep's budget is used up");
    assertEquals(2, sweep.asked);
    assertEquals(1, sweep.reports.size(), "the gate closed without another update");
  }
}
