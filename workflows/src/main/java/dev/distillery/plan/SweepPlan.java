package dev.distillery.plan;

import java.util.List;

/**
 * A sweep expanded into experiments with every stage's content address resolved. This is what the
 * sweep workflow receives; it holds params and keys, never data.
 *
 * @param sweep the sweep name
 * @param recipe the base recipe name
 * @param parallelism how many experiments run at once
 * @param experiments the experiments in expansion order
 */
public record SweepPlan(
    String sweep, String recipe, int parallelism, List<ExperimentPlan> experiments) {
  public SweepPlan {
    experiments = List.copyOf(experiments);
  }
}
