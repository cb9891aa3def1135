package dev.distillery.report;

import java.util.List;

/**
 * The first rows of one experiment's last export.
 *
 * @param experiment the experiment
 * @param stage the export stage as {@code distill artifacts cat} takes it ({@code export/KEY})
 * @param rows its first rows
 * @param problem why its rows could not be read (a corrupt or missing part), or null
 */
public record ExperimentSamples(
    String experiment, String stage, List<SampleRow> rows, String problem) {
  public ExperimentSamples {
    rows = List.copyOf(rows);
  }
}
