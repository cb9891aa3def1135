package dev.distillery.workflow;

import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * Runs every experiment of a sweep as a child {@link ExperimentWorkflow}, at most {@code
 * parallelism} at once. Completes with every experiment's result; fails with type {@value
 * #EXPERIMENTS_FAILED} (details: the {@link SweepResult}) when any experiment failed.
 */
@WorkflowInterface
public interface SweepWorkflow {
  String EXPERIMENTS_FAILED = "ExperimentsFailed";

  @WorkflowMethod
  SweepResult run(SweepInput input);

  @QueryMethod
  SweepProgress progress();

  /** A sharded stage of this sweep asks to be told when an endpoint's budget closes or opens. */
  @SignalMethod
  void watchBudget(BudgetWatch watch);

  /** A shard of this sweep spent tokens on an endpoint. */
  @SignalMethod
  void chargeBudget(BudgetCharge charge);

  /** Raises an endpoint's budget; paused stages go on if it is no longer used up. */
  @SignalMethod
  void raiseBudget(BudgetIncrease increase);
}
