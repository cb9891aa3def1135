package dev.distillery.workflow;

import dev.distillery.plan.PlannedStage;

/**
 * One stage to obtain, for one experiment.
 *
 * @param sweep the sweep that asks
 * @param experiment the experiment that asks
 * @param stage the stage with its content address
 * @param settings execution settings
 */
public record StageInput(
    String sweep, String experiment, PlannedStage stage, ExecutionSettings settings) {}
