package dev.distillery.workflow;

import java.util.List;
import java.util.Map;

/**
 * How an experiment ended.
 *
 * @param experiment the experiment name
 * @param axisValues the axis values that made it
 * @param succeeded whether every stage finished
 * @param failure why it failed, naming the stage; {@link #CANCELLED} when it was cancelled; null
 *     when it succeeded
 * @param stages results of the stages that finished, in order
 */
public record ExperimentResult(
    String experiment,
    Map<String, String> axisValues,
    boolean succeeded,
    String failure,
    List<StageResult> stages) {
  public ExperimentResult {
    axisValues =
        java.util.Collections.unmodifiableMap(
            new java.util.LinkedHashMap<>(axisValues == null ? Map.of() : axisValues));
    stages = List.copyOf(stages);
  }

  /** The {@code failure} of an experiment that was cancelled (or never started, its sweep was). */
  public static final String CANCELLED = "cancelled";

  /** Whether it ended because it was cancelled rather than by a failure. */
  public boolean cancelled() {
    return !succeeded && CANCELLED.equals(failure);
  }
}
