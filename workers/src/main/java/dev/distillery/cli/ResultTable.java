package dev.distillery.cli;

import dev.distillery.workflow.ExperimentResult;
import dev.distillery.workflow.StageResult;
import dev.distillery.workflow.SweepResult;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Renders a sweep's results as a table: one row per experiment, axis values, stage outcomes. */
final class ResultTable {
  private ResultTable() {}

  /**
   * Prints the table (within {@code width} characters, {@link TableWidth}) after a blank line and
   * returns the exit code the result deserves.
   */
  static int report(SweepResult result, PrintWriter out, int width) {
    out.println();
    print(result, out, width);
    return result.failed() == 0 ? ExitCodes.OK : ExitCodes.FAILED;
  }

  /**
   * Prints one row per experiment: its axis values under short names (explained below the table),
   * its state, the rows and artifact of its last stage, and each stage's outcome.
   */
  static void print(SweepResult result, PrintWriter out, int width) {
    Set<String> axes = new LinkedHashSet<>();
    Set<String> stages = new LinkedHashSet<>();
    for (ExperimentResult e : result.experiments()) {
      axes.addAll(e.axisValues().keySet());
      e.stages().forEach(s -> stages.add(s.stageId()));
    }
    Map<String, String> names = AxisNames.of(axes);
    List<String> header = new ArrayList<>(List.of("experiment"));
    axes.forEach(a -> header.add(names.get(a)));
    header.add("status");
    header.add("rows");
    header.add("artifact");
    header.addAll(stages); // Last: the first left out of a narrow table.
    List<List<String>> rows = new ArrayList<>();
    for (ExperimentResult e : result.experiments()) {
      List<String> row = new ArrayList<>(List.of(e.experiment()));
      axes.forEach(a -> row.add(e.axisValues().getOrDefault(a, "")));
      List<StageResult> done = e.stages();
      row.add(e.succeeded() ? "ok" : "FAILED");
      row.add(done.isEmpty() ? "-" : Long.toString(done.get(done.size() - 1).rowsOut()));
      row.add(
          e.succeeded() && !done.isEmpty()
              ? FinalArtifact.of(done.get(done.size() - 1)).shortId()
              : "-");
      for (String stage : stages) {
        row.add(
            e.stages().stream()
                .filter(s -> s.stageId().equals(stage))
                .map(s -> s.outcome().name().toLowerCase() + (s.rowsOut() == 0 ? " EMPTY" : ""))
                .findFirst()
                .orElse("-"));
      }
      rows.add(row);
    }
    TextTable.print(header, rows, out, width);
    AxisNames.printLegend(names, out);
    List<String> warnings = EmptyStages.warnings(result.experiments());
    if (!warnings.isEmpty()) {
      out.println();
      warnings.forEach(out::println);
    }
    for (ExperimentResult e : result.experiments()) {
      if (!e.succeeded()) {
        out.println();
        out.println(e.experiment() + ": " + e.failure());
      }
    }
    if (result.failed() > 0) {
      out.println();
      out.println(
          "Finished stages are kept. Fix the cause and run the same command again (or `distill"
              + " resume "
              + result.sweep()
              + "`): only what is missing is computed.");
    }
    out.flush();
  }
}
