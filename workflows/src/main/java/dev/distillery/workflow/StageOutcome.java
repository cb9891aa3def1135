package dev.distillery.workflow;

/** How an experiment obtained a stage's artifact. */
public enum StageOutcome {
  /** This experiment's stage workflow computed it. */
  COMPUTED,
  /** Its manifest already existed: nothing was computed. */
  REUSED,
  /** Another experiment was computing it at the same time; this one waited for that result. */
  JOINED
}
