package dev.distillery.recipe;

import java.util.List;

/**
 * An experiment listed by name in a sweep, with the params it overrides.
 *
 * @param name the experiment's name, part of its workflow id
 * @param settings one single-valued {@link Axis} per overridden param path
 */
public record ExplicitExperiment(String name, List<Axis> settings) {
  public ExplicitExperiment {
    settings = List.copyOf(settings);
  }
}
