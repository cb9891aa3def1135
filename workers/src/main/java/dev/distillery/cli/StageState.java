package dev.distillery.cli;

/** Where one stage of one experiment stands, as {@code status} and {@code results} show it. */
enum StageState {
  /** Its artifact existed before: nothing was computed. */
  REUSED,
  /** Computed by this sweep, or by another experiment this one waited for. */
  DONE,
  /** Being computed now. */
  RUNNING,
  /** Started, but sampling waits for the sweep's budget to be raised. */
  PAUSED,
  /** Not reached yet. */
  WAITING,
  /** The stage its experiment failed at. */
  FAILED,
  /** After a failed stage: will not run. */
  SKIPPED,
  /** Its experiment was cancelled before it finished. */
  CANCELLED;

  /** The lower-case word tables print. */
  String word() {
    return name().toLowerCase();
  }
}
