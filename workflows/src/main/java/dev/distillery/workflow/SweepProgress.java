package dev.distillery.workflow;

import java.util.List;

/**
 * A sweep's progress, answered by a query.
 *
 * @param sweep the sweep name
 * @param experiments one entry per experiment, in plan order
 */
public record SweepProgress(String sweep, List<ExperimentStatus> experiments) {
  public SweepProgress {
    experiments = List.copyOf(experiments);
  }
}
