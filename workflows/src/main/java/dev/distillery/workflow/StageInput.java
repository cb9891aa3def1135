package dev.distillery.workflow;

import dev.distillery.plan.PlannedStage;

/**
 * One stage to obtain, for one experiment.
 *
 * @param sweep the sweep that asks
 * @param experiment the experiment that asks
 * @param stage the stage with its content address
 * @param settings execution settings
 * @param historyLimit the history length (events) past which a sharded stage starts no more shards,
 *     lets the running ones finish and continues as new; 0 for the default
 * @param carry what the previous run handed over, or {@link StageCarry#START} on the first
 */
public record StageInput(
    String sweep,
    String experiment,
    PlannedStage stage,
    ExecutionSettings settings,
    int historyLimit,
    StageCarry carry) {

  public StageInput {
    carry = carry == null ? StageCarry.START : carry;
  }

  /** The first run's input, with the default history limit. */
  public StageInput(
      String sweep, String experiment, PlannedStage stage, ExecutionSettings settings) {
    this(sweep, experiment, stage, settings, 0, null);
  }

  public int effectiveHistoryLimit() {
    return historyLimit > 0 ? historyLimit : SweepInput.DEFAULT_HISTORY_LIMIT;
  }

  public StageInput withHistoryLimit(int events) {
    return new StageInput(sweep, experiment, stage, settings, events, carry);
  }

  /** The input of the next run, after continue-as-new. */
  public StageInput next(StageCarry newCarry) {
    return new StageInput(sweep, experiment, stage, settings, historyLimit, newCarry);
  }
}
