package dev.distillery.plan;

import java.util.List;
import java.util.Map;

/**
 * One experiment of a sweep: its readable name, the axis values that made it, and its stages.
 *
 * @param name readable and unique within the sweep, built from the axis values
 * @param axisValues axis path to value as written (for example {@code stages.filter.keep -> 0.5}),
 *     in axis order
 * @param stages stages in execution order
 */
public record ExperimentPlan(
    String name, Map<String, String> axisValues, List<PlannedStage> stages) {
  public ExperimentPlan {
    axisValues = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(axisValues));
    stages = List.copyOf(stages);
  }
}
