package dev.distillery.workflow;

/**
 * A change to a running sweep ({@code distill control}), applied at once by {@link
 * SweepWorkflow#control}.
 *
 * @param paused true to start no new experiment, false to start them again, null to leave as is
 * @param parallelism how many experiments may run at once (at least 1), or null to leave as is
 */
public record SweepControl(Boolean paused, Integer parallelism) {}
