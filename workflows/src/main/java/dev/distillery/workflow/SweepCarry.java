package dev.distillery.workflow;

import java.util.List;

/**
 * What a sweep workflow hands to its next run when it continues as new.
 *
 * @param next the index of the first experiment not yet started
 * @param succeeded experiments that succeeded in earlier runs
 * @param failed experiments that failed in earlier runs
 * @param failures the first failures, as in {@link SweepOutcome#failures()}
 * @param budgets budgets with what was spent so far
 * @param runs how many runs came before
 * @param paused whether the sweep was paused
 */
public record SweepCarry(
    int next,
    int succeeded,
    int failed,
    List<String> failures,
    List<BudgetStatus> budgets,
    int runs,
    boolean paused) {
  public static final SweepCarry START = new SweepCarry(0, 0, 0, List.of(), List.of(), 0, false);

  public SweepCarry {
    failures = failures == null ? List.of() : List.copyOf(failures);
    budgets = budgets == null ? List.of() : List.copyOf(budgets);
  }
}
