package dev.distillery.workflow;

import dev.distillery.plan.SweepPlan;

/**
 * A sweep to run.
 *
 * @param plan the expanded sweep
 * @param settings execution settings passed to every experiment
 */
public record SweepInput(SweepPlan plan, ExecutionSettings settings) {}
