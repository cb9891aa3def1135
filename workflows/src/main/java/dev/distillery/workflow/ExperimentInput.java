package dev.distillery.workflow;

import dev.distillery.plan.ExperimentPlan;

/**
 * One experiment to run.
 *
 * @param sweep the sweep it belongs to
 * @param recipe the base recipe's name
 * @param experiment its plan
 * @param settings execution settings
 */
public record ExperimentInput(
    String sweep, String recipe, ExperimentPlan experiment, ExecutionSettings settings) {}
