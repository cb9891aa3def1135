package dev.distillery.workflow;

/**
 * A sweep's state as {@link SweepWorkflow#control} left it.
 *
 * @param paused whether it starts no new experiment
 * @param parallelism how many experiments may run at once
 * @param notStarted experiments not started yet
 */
public record SweepControlState(boolean paused, int parallelism, int notStarted) {}
