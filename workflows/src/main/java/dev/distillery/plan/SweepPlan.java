package dev.distillery.plan;

import dev.distillery.recipe.Budget;
import java.util.List;
import java.util.Map;

/**
 * A sweep expanded into experiments with every stage's content address resolved. This is what the
 * sweep workflow receives; it holds params and keys, never data.
 *
 * @param sweep the sweep name
 * @param recipe the base recipe name
 * @param parallelism how many experiments run at once
 * @param experiments the experiments in expansion order
 * @param budgets spending limits by endpoint {@code base_url}
 */
public record SweepPlan(
    String sweep,
    String recipe,
    int parallelism,
    List<ExperimentPlan> experiments,
    Map<String, Budget> budgets) {
  public SweepPlan {
    experiments = List.copyOf(experiments);
    budgets = budgets == null ? Map.of() : Map.copyOf(budgets);
  }

  /** A plan without budgets. */
  public SweepPlan(String sweep, String recipe, int parallelism, List<ExperimentPlan> experiments) {
    this(sweep, recipe, parallelism, experiments, Map.of());
  }
}
