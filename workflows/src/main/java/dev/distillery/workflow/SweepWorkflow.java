package dev.distillery.workflow;

import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.UpdateMethod;
import io.temporal.workflow.UpdateValidatorMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * Runs every experiment of a saved sweep plan as a child {@link ExperimentWorkflow}, at most {@code
 * parallelism} at once (a sliding window), reading experiment headers a page at a time. Before its
 * history grows long it stops starting experiments, lets the running ones finish and continues as
 * new. Completes with a {@link SweepOutcome}; fails with type {@value #EXPERIMENTS_FAILED}
 * (details: the outcome) when any experiment failed. Cancelling it cancels its running experiments,
 * whose running shards stop at their next heartbeat.
 */
@WorkflowInterface
public interface SweepWorkflow {
  String EXPERIMENTS_FAILED = "ExperimentsFailed";

  @WorkflowMethod
  SweepOutcome run(SweepInput input);

  @QueryMethod
  SweepProgress progress();

  /**
   * Whether the sweep's budget for {@code endpoint} has room (true when it has no budget for it):
   * running shards ask at their checkpoints, so none goes on long once the budget is used up.
   */
  @QueryMethod
  boolean budgetOpen(String endpoint);

  /** The input of the current run: plan key, size, parallelism, what earlier runs handed over. */
  @QueryMethod
  SweepInput plan();

  /**
   * Pauses, unpauses and resizes the sweep in one step (pausing before, unpausing after the new
   * parallelism takes effect) and returns the state it accepted. Refused by {@link
   * #validateControl} before anything is recorded when the change is invalid.
   */
  @UpdateMethod
  SweepControlState control(SweepControl control);

  /** Refuses a parallelism below 1 with a message for the user. */
  @UpdateValidatorMethod(updateName = "control")
  void validateControl(SweepControl control);

  /**
   * Raises an endpoint's budget, like {@link #raiseBudget}, and returns every budget as it is after
   * the raise; paused stages go on if it is no longer used up. Refused by {@link
   * #validateAddBudget} when the sweep has no such budget or the amount does not fit it.
   */
  @UpdateMethod
  BudgetStatus addBudget(BudgetIncrease increase);

  /** Refuses an increase that names no budget of the sweep, or adds nothing that it limits. */
  @UpdateValidatorMethod(updateName = "addBudget")
  void validateAddBudget(BudgetIncrease increase);

  /** Starts no new experiment until {@link #unpause()}; running ones go on. */
  @SignalMethod
  void pause();

  @SignalMethod
  void unpause();

  /** Changes how many experiments may run at once (at least 1); takes effect at once. */
  @SignalMethod
  void setParallelism(int parallelism);

  /** A sharded stage of this sweep asks to be told when an endpoint's budget closes or opens. */
  @SignalMethod
  void watchBudget(BudgetWatch watch);

  /** A shard of this sweep finished, having spent tokens on an endpoint. */
  @SignalMethod
  void chargeBudget(BudgetCharge charge);

  /**
   * A running shard reports what it has spent on a budgeted endpoint and learns how far it may go
   * ({@link SpendGrant}); it starts no request beyond its cap, so the budget is overshot by the
   * requests in flight at most.
   */
  @UpdateMethod
  SpendGrant reportSpend(SpendReport report);

  /** A stage ended without finishing its shards: what they reported stays spent, nothing more. */
  @SignalMethod
  void releaseBudget(String stageWorkflowId);

  /** Raises an endpoint's budget; paused stages go on if it is no longer used up. */
  @SignalMethod
  void raiseBudget(BudgetIncrease increase);
}
