package dev.distillery.cli;

import dev.distillery.workflow.StageResult;
import java.util.List;
import java.util.Map;

/**
 * One experiment in a sweep view.
 *
 * @param experiment its name
 * @param axisValues the axis values that made it, by axis path
 * @param state {@code WAITING}, {@code RUNNING}, {@code SUCCEEDED}, {@code FAILED}, {@code
 *     CANCELLED} (also when its sweep was cancelled before it started), or, when Temporal forgot
 *     the sweep and the store holds no record of the experiment, {@code INCOMPLETE} if some of its
 *     stages are stored (its process was stopped part-way) and {@code NOT_STARTED} if none is
 * @param failure why it failed, else null
 * @param stages its stages in recipe order
 */
record ExperimentView(
    String experiment,
    Map<String, String> axisValues,
    String state,
    String failure,
    List<StageView> stages) {
  static final String NOT_STARTED = "NOT_STARTED";
  static final String INCOMPLETE = "INCOMPLETE";

  ExperimentView {
    axisValues =
        java.util.Collections.unmodifiableMap(
            new java.util.LinkedHashMap<>(axisValues == null ? Map.of() : axisValues));
    stages = List.copyOf(stages);
  }

  /** The results of its finished stages, in order. */
  List<StageResult> finished() {
    return stages.stream().map(StageView::result).filter(r -> r != null).toList();
  }

  /** The artifact of its last stage once that stage is finished (done or reused), else null. */
  FinalArtifact artifact() {
    return stages.isEmpty() ? null : FinalArtifact.of(stages.get(stages.size() - 1).result());
  }

  /** Whether it will change no more. */
  boolean ended() {
    return state.equals("SUCCEEDED") || state.equals("FAILED") || state.equals("CANCELLED");
  }
}
