package dev.distillery.cli;

import dev.distillery.workflow.StageProgress;
import dev.distillery.workflow.StageResult;

/**
 * One stage of one experiment in a sweep view.
 *
 * @param stageId the stage id in the recipe
 * @param state where it stands
 * @param progress a running or paused stage's progress, from its workflow and heartbeats; null when
 *     unknown or not running
 * @param result what it produced when done or reused, else null
 */
record StageView(String stageId, StageState state, StageProgress progress, StageResult result) {

  /** A stage that has not produced anything (yet). */
  static StageView of(String stageId, StageState state) {
    return new StageView(stageId, state, null, null);
  }

  /**
   * The table cell: its state, with row progress when running or paused, EMPTY when it wrote none.
   */
  String cell() {
    if (result != null && result.rowsOut() == 0) {
      return state.word() + " EMPTY";
    }
    if (progress == null || (state != StageState.RUNNING && state != StageState.PAUSED)) {
      return state.word();
    }
    return state.word() + " " + progress.describe(System.currentTimeMillis());
  }
}
