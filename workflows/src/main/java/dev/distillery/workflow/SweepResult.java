package dev.distillery.workflow;

import java.util.List;

/**
 * How a sweep ended.
 *
 * @param sweep the sweep name
 * @param experiments every experiment's result, in plan order
 */
public record SweepResult(String sweep, List<ExperimentResult> experiments) {
  public SweepResult {
    experiments = List.copyOf(experiments);
  }

  public long failed() {
    return experiments.stream().filter(e -> !e.succeeded()).count();
  }
}
