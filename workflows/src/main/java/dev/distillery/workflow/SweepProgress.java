package dev.distillery.workflow;

import java.util.List;

/**
 * A sweep's progress, answered by a query. A sweep that continued as new lists only the experiments
 * of its current run; earlier ones are counted, and their results are in the store.
 *
 * @param sweep the sweep name
 * @param experiments experiments started by the current run (running or ended), in plan order
 * @param budgets the sweep's budgets by endpoint, with what was spent
 * @param total experiments in the plan
 * @param earlierSucceeded experiments that succeeded in earlier runs
 * @param earlierFailed experiments that failed in earlier runs
 * @param notStarted experiments not started yet
 * @param paused whether the sweep is paused (starts no new experiment)
 * @param parallelism how many experiments may run at once
 * @param planKey the store key of the plan
 */
public record SweepProgress(
    String sweep,
    List<ExperimentStatus> experiments,
    List<BudgetStatus> budgets,
    int total,
    int earlierSucceeded,
    int earlierFailed,
    int notStarted,
    boolean paused,
    int parallelism,
    String planKey) {
  public SweepProgress {
    experiments = List.copyOf(experiments);
    budgets = budgets == null ? List.of() : List.copyOf(budgets);
  }

  /** Progress of a finished sweep whose experiments are all listed. */
  public SweepProgress(String sweep, List<ExperimentStatus> experiments) {
    this(sweep, experiments, List.of(), experiments.size(), 0, 0, 0, false, 0, null);
  }
}
