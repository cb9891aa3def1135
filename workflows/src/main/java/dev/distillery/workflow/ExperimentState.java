package dev.distillery.workflow;

/** Where an experiment stands within its sweep. */
public enum ExperimentState {
  WAITING,
  RUNNING,
  SUCCEEDED,
  FAILED,
  /** Cancelled, or never started because its sweep was cancelled. */
  CANCELLED
}
