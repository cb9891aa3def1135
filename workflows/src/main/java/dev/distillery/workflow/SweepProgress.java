package dev.distillery.workflow;

import java.util.List;

/**
 * A sweep's progress, answered by a query.
 *
 * @param sweep the sweep name
 * @param experiments one entry per experiment, in plan order
 * @param budgets the sweep's budgets by endpoint, with what was spent
 */
public record SweepProgress(
    String sweep, List<ExperimentStatus> experiments, List<BudgetStatus> budgets) {
  public SweepProgress {
    experiments = List.copyOf(experiments);
    budgets = budgets == null ? List.of() : List.copyOf(budgets);
  }

  /** Progress of a sweep without budgets. */
  public SweepProgress(String sweep, List<ExperimentStatus> experiments) {
    this(sweep, experiments, List.of());
  }
}
