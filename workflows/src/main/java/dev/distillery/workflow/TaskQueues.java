package dev.distillery.workflow;

/** The Temporal task queues Distillery uses. Workers and clients take their names from here. */
public final class TaskQueues {
  /** Sweep, experiment and stage workflows, and the stage activities. */
  public static final String DISTILL = "distillery";

  private TaskQueues() {}
}
