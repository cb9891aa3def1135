package dev.distillery.workflow;

import java.util.Map;

/**
 * What the sweep workflow needs to start an experiment: its name and axis values, not its stages.
 *
 * @param name the experiment name, unique within the sweep
 * @param axisValues axis path to value, in axis order
 */
public record ExperimentHeader(String name, Map<String, String> axisValues) {
  public ExperimentHeader {
    axisValues =
        java.util.Collections.unmodifiableMap(
            new java.util.LinkedHashMap<>(axisValues == null ? Map.of() : axisValues));
  }
}
