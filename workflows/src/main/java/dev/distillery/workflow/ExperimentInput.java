package dev.distillery.workflow;

import dev.distillery.plan.ExperimentPlan;

/**
 * One experiment to run.
 *
 * @param sweep the sweep it belongs to
 * @param recipe the base recipe's name
 * @param experiment its plan; null when it is to be read from the saved plan
 * @param settings execution settings
 * @param planKey the store key of the sweep's saved plan; null for an experiment outside a saved
 *     sweep, which then records no result in the store
 * @param index the experiment's position in the saved plan
 * @param name the experiment name (also when {@code experiment} is null)
 */
public record ExperimentInput(
    String sweep,
    String recipe,
    ExperimentPlan experiment,
    ExecutionSettings settings,
    String planKey,
    int index,
    String name) {
  /** An experiment given whole, recording nothing in the store. */
  public ExperimentInput(
      String sweep, String recipe, ExperimentPlan experiment, ExecutionSettings settings) {
    this(sweep, recipe, experiment, settings, null, -1, experiment.name());
  }

  /** The same experiment with its plan read. */
  public ExperimentInput withExperiment(ExperimentPlan plan) {
    return new ExperimentInput(sweep, recipe, plan, settings, planKey, index, name);
  }
}
