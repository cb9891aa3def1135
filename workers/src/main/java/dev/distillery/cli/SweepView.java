package dev.distillery.cli;

import dev.distillery.workflow.BudgetStatus;
import java.util.List;

/**
 * A sweep as {@code status} and {@code results} show it, from Temporal while it knows the sweep,
 * else from the records in the store.
 *
 * @param sweep the sweep name
 * @param state {@code RUNNING}, {@code SUCCEEDED}, {@code FAILED}, {@code CANCELLED}, or {@code
 *     INCOMPLETE} when Temporal forgot the sweep before every experiment ended
 * @param source {@code temporal} or {@code store}
 * @param stageIds the stage ids of its experiments, in recipe order
 * @param experiments its experiments in plan order
 * @param budgets its budgets with what was spent (only Temporal knows them)
 * @param unanswered when Temporal knows the sweep but its query was not answered (no worker runs
 *     the sweep's workflows), why, and the view is the store's; else null
 */
record SweepView(
    String sweep,
    String state,
    String source,
    List<String> stageIds,
    List<ExperimentView> experiments,
    List<BudgetStatus> budgets,
    String unanswered) {
  SweepView {
    stageIds = List.copyOf(stageIds);
    experiments = List.copyOf(experiments);
    budgets = List.copyOf(budgets);
  }

  /** Whether it will change no more without a {@code resume}. */
  boolean over() {
    return !state.equals("RUNNING");
  }

  /** How many experiments are in this state. */
  long count(String experimentState) {
    return experiments.stream().filter(e -> e.state().equals(experimentState)).count();
  }
}
