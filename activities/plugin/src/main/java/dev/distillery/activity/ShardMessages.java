package dev.distillery.activity;

import dev.distillery.workflow.ShardProgress;
import dev.distillery.workflow.SpendGrant;
import dev.distillery.workflow.SpendReport;

/**
 * What a running shard tells the workflows about itself: progress to its stage, spend to its sweep.
 */
public interface ShardMessages {
  /** Tells the stage workflow how far the shard got. Best effort: failures are only logged. */
  void progress(String stageWorkflowId, ShardProgress progress);

  /**
   * Reports spend to the sweep and returns its grant; {@link SpendGrant#unlimited()} when the sweep
   * has ended (no budget applies any more).
   */
  SpendGrant reportSpend(String sweepWorkflowId, SpendReport report);

  /**
   * Whether the sweep's budget for {@code endpoint} still has room; true when the sweep has ended
   * or cannot be asked (the grants still bound what a shard spends).
   */
  boolean budgetOpen(String sweepWorkflowId, String endpoint);

  /** Tells nobody anything and grants everything, for stages run outside a sweep. */
  ShardMessages NONE =
      new ShardMessages() {
        @Override
        public void progress(String stageWorkflowId, ShardProgress progress) {}

        @Override
        public SpendGrant reportSpend(String sweepWorkflowId, SpendReport report) {
          return SpendGrant.unlimited();
        }

        @Override
        public boolean budgetOpen(String sweepWorkflowId, String endpoint) {
          return true;
        }
      };
}
