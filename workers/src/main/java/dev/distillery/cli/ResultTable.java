package dev.distillery.cli;

import dev.distillery.workflow.ExperimentResult;
import dev.distillery.workflow.StageResult;
import dev.distillery.workflow.SweepResult;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Renders a sweep's results as a table: one row per experiment, axis values, stage outcomes. */
final class ResultTable {
  private ResultTable() {}

  /** Prints the table after a blank line and returns the exit code the result deserves. */
  static int report(SweepResult result, PrintWriter out) {
    out.println();
    print(result, out);
    return result.failed() == 0 ? ExitCodes.OK : ExitCodes.FAILED;
  }

  static void print(SweepResult result, PrintWriter out) {
    Set<String> axes = new LinkedHashSet<>();
    Set<String> stages = new LinkedHashSet<>();
    for (ExperimentResult e : result.experiments()) {
      axes.addAll(e.axisValues().keySet());
      e.stages().forEach(s -> stages.add(s.stageId()));
    }
    List<String> header = new ArrayList<>(List.of("experiment"));
    axes.forEach(a -> header.add(a.substring(a.lastIndexOf('.') + 1)));
    header.addAll(stages);
    header.add("rows");
    header.add("status");
    List<List<String>> rows = new ArrayList<>();
    for (ExperimentResult e : result.experiments()) {
      List<String> row = new ArrayList<>(List.of(e.experiment()));
      axes.forEach(a -> row.add(e.axisValues().getOrDefault(a, "")));
      for (String stage : stages) {
        row.add(
            e.stages().stream()
                .filter(s -> s.stageId().equals(stage))
                .map(s -> s.outcome().name().toLowerCase() + (s.rowsOut() == 0 ? " EMPTY" : ""))
                .findFirst()
                .orElse("-"));
      }
      List<StageResult> done = e.stages();
      row.add(done.isEmpty() ? "-" : Long.toString(done.get(done.size() - 1).rowsOut()));
      row.add(e.succeeded() ? "ok" : "FAILED");
      rows.add(row);
    }
    int[] widths = new int[header.size()];
    for (int i = 0; i < header.size(); i++) {
      widths[i] = header.get(i).length();
      for (List<String> row : rows) {
        widths[i] = Math.max(widths[i], row.get(i).length());
      }
    }
    printRow(header, widths, out);
    rows.forEach(r -> printRow(r, widths, out));
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

  private static void printRow(List<String> cells, int[] widths, PrintWriter out) {
    StringBuilder line = new StringBuilder();
    for (int i = 0; i < cells.size(); i++) {
      line.append(String.format("%-" + widths[i] + "s", cells.get(i)));
      if (i < cells.size() - 1) {
        line.append("  ");
      }
    }
    out.println(line.toString().stripTrailing());
  }
}
