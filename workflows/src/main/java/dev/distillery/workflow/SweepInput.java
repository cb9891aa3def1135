package dev.distillery.workflow;

import dev.distillery.plan.SweepPlan;
import dev.distillery.recipe.Budget;
import java.util.Map;

/**
 * A sweep to run, by reference: its experiments stay in the saved plan at {@code planKey}.
 *
 * @param sweep the sweep name
 * @param recipe the base recipe name
 * @param planKey the store key of the saved {@link SweepPlan}
 * @param experiments how many experiments the plan has
 * @param parallelism how many experiments run at once
 * @param budgets spending limits by endpoint {@code base_url}
 * @param settings execution settings passed to every experiment
 * @param historyLimit the history length (events) past which the workflow starts no more
 *     experiments, lets the running ones finish and continues as new; 0 for the default
 * @param carry the state handed over by the previous run, or null on the first
 */
public record SweepInput(
    String sweep,
    String recipe,
    String planKey,
    int experiments,
    int parallelism,
    Map<String, Budget> budgets,
    ExecutionSettings settings,
    int historyLimit,
    SweepCarry carry) {
  /** Well under the 10,240 events at which a real server starts warning. */
  public static final int DEFAULT_HISTORY_LIMIT = 8_000;

  public SweepInput {
    budgets = budgets == null ? Map.of() : Map.copyOf(budgets);
    carry = carry == null ? SweepCarry.START : carry;
  }

  /** The input for a plan saved at {@code planKey}. */
  public static SweepInput of(SweepPlan plan, String planKey, ExecutionSettings settings) {
    return new SweepInput(
        plan.sweep(),
        plan.recipe(),
        planKey,
        plan.experiments().size(),
        plan.parallelism(),
        plan.budgets(),
        settings,
        0,
        null);
  }

  public int effectiveHistoryLimit() {
    return historyLimit > 0 ? historyLimit : DEFAULT_HISTORY_LIMIT;
  }

  public SweepInput withHistoryLimit(int events) {
    return new SweepInput(
        sweep, recipe, planKey, experiments, parallelism, budgets, settings, events, carry);
  }

  /** The input of the next run, after continue-as-new. */
  public SweepInput next(int newParallelism, SweepCarry newCarry) {
    return new SweepInput(
        sweep,
        recipe,
        planKey,
        experiments,
        newParallelism,
        budgets,
        settings,
        historyLimit,
        newCarry);
  }
}
