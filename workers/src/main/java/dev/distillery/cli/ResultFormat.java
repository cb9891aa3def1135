package dev.distillery.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** How {@code distill results} writes its rows. */
enum ResultFormat {
  /** Aligned columns for people. */
  TEXT,
  /** RFC 4180 CSV: a header, CRLF line ends, fields quoted when they need it. */
  CSV,
  /** A JSON array of {@link ResultRow} objects. */
  JSON;

  /** Parses {@code text}, {@code csv} or {@code json}, in any case. */
  static ResultFormat parse(String name) throws UserException {
    try {
      return valueOf(name.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new UserException(
          ExitCodes.INVALID_INPUT, "--format " + name + " is not a format; use text, csv or json.");
    }
  }

  /** Writes the rows, a text table with every column in full. */
  void write(List<ResultRow> rows, PrintWriter out) throws IOException {
    write(rows, out, TableWidth.UNLIMITED);
  }

  /**
   * Writes the rows; a text table fits in {@code width} characters ({@link TableWidth}), with its
   * axes under short names and a legend, and the rows in and out of each stage last.
   */
  void write(List<ResultRow> rows, PrintWriter out, int width) throws IOException {
    if (this == JSON) {
      out.println(SweepClient.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(rows));
      return;
    }
    Set<String> axes = new LinkedHashSet<>();
    List<String> metrics = new ArrayList<>();
    for (ResultRow row : rows) {
      axes.addAll(row.axes().keySet());
      merge(metrics, row.metrics().keySet());
    }
    List<String> perStage = new ArrayList<>();
    if (this == TEXT) {
      // A score and its standard error read as one cell, "avg ± std_err".
      metrics.removeIf(m -> m.endsWith(EvalScores.STD_ERR) && metrics.contains(base(m)));
      // The rows in and out of every stage are the first to be left out of a narrow table.
      perStage =
          metrics.stream().filter(m -> m.endsWith(".rows_in") || m.endsWith(".rows_out")).toList();
      metrics.removeAll(perStage);
    }
    Map<String, String> names = this == TEXT ? AxisNames.of(axes) : Map.of();
    List<String> header = new ArrayList<>(List.of("experiment"));
    axes.forEach(a -> header.add(names.getOrDefault(a, a)));
    header.add("state");
    header.addAll(metrics);
    header.add("artifact");
    header.addAll(perStage);
    List<List<String>> cells = new ArrayList<>();
    for (ResultRow row : rows) {
      List<String> line = new ArrayList<>(List.of(row.experiment()));
      axes.forEach(a -> line.add(row.axes().getOrDefault(a, "")));
      line.add(row.state().toLowerCase(Locale.ROOT));
      metrics.forEach(m -> line.add(cell(row, m)));
      line.add(
          row.artifact() == null
              ? (this == TEXT ? "-" : "")
              : this == TEXT ? row.artifact().shortId() : row.artifact().id());
      perStage.forEach(m -> line.add(cell(row, m)));
      cells.add(line);
    }
    if (this == TEXT) {
      TextTable.print(header, cells, out, width);
      AxisNames.printLegend(names, out);
      return;
    }
    out.print(csvLine(header));
    cells.forEach(c -> out.print(csvLine(c)));
  }

  private String cell(ResultRow row, String metric) {
    Number value = row.metrics().get(metric);
    Number stdErr = row.metrics().get(metric + EvalScores.STD_ERR);
    if (this == TEXT && value != null && stdErr != null) {
      return String.format(Locale.ROOT, "%.3f ± %.3f", value.doubleValue(), stdErr.doubleValue());
    }
    return value == null ? (this == TEXT ? "-" : "") : value.toString();
  }

  private static String base(String stdErrMetric) {
    return stdErrMetric.substring(0, stdErrMetric.length() - EvalScores.STD_ERR.length());
  }

  /**
   * Adds the keys of one row to the columns, each new key right after the key before it in that
   * row, so columns keep the rows' order whichever row happens to come first.
   */
  private static void merge(List<String> columns, Set<String> keys) {
    int at = 0;
    for (String key : keys) {
      int i = columns.indexOf(key);
      if (i < 0) {
        columns.add(at++, key);
      } else {
        at = i + 1;
      }
    }
  }

  static String csvLine(List<String> fields) {
    StringBuilder line = new StringBuilder();
    for (int i = 0; i < fields.size(); i++) {
      if (i > 0) {
        line.append(',');
      }
      String f = fields.get(i);
      if (f.contains(",") || f.contains("\"") || f.contains("\r") || f.contains("\n")) {
        line.append('"').append(f.replace("\"", "\"\"")).append('"');
      } else {
        line.append(f);
      }
    }
    return line.append("\r\n").toString();
  }
}
