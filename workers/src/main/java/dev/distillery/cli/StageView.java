package dev.distillery.cli;

import dev.distillery.workflow.StageResult;

/**
 * One stage of one experiment in a sweep view.
 *
 * @param stageId the stage id in the recipe
 * @param state where it stands
 * @param rowsDone rows done so far by a running stage, from its heartbeats; -1 when unknown
 * @param rowsTotal rows a running stage will do, 0 when unknown
 * @param result what it produced when done or reused, else null
 */
record StageView(
    String stageId, StageState state, long rowsDone, long rowsTotal, StageResult result) {

  /** A stage that has not produced anything (yet). */
  static StageView of(String stageId, StageState state) {
    return new StageView(stageId, state, -1, 0, null);
  }

  /** The table cell: its state, with row progress when running. */
  String cell() {
    if (state != StageState.RUNNING || rowsDone < 0) {
      return state.word();
    }
    return "running " + rowsDone + (rowsTotal > 0 ? "/" + rowsTotal : "") + " rows";
  }
}
