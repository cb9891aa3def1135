package dev.distillery.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
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

  void write(List<ResultRow> rows, PrintWriter out) throws IOException {
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
    if (this == TEXT) {
      // A score and its standard error read as one cell, "avg ± std_err".
      metrics.removeIf(m -> m.endsWith(EvalScores.STD_ERR) && metrics.contains(base(m)));
    }
    List<String> header = new ArrayList<>(List.of("experiment"));
    header.addAll(axes);
    header.add("state");
    header.addAll(metrics);
    List<List<String>> cells = new ArrayList<>();
    for (ResultRow row : rows) {
      List<String> line = new ArrayList<>(List.of(row.experiment()));
      axes.forEach(a -> line.add(row.axes().getOrDefault(a, "")));
      line.add(row.state().toLowerCase(Locale.ROOT));
      for (String m : metrics) {
        Number value = row.metrics().get(m);
        Number stdErr = row.metrics().get(m + EvalScores.STD_ERR);
        if (this == TEXT && value != null && stdErr != null) {
          line.add(
              String.format(Locale.ROOT, "%.3f ± %.3f", value.doubleValue(), stdErr.doubleValue()));
        } else {
          line.add(value == null ? (this == TEXT ? "-" : "") : value.toString());
        }
      }
      cells.add(line);
    }
    if (this == TEXT) {
      TextTable.print(header, cells, out);
      return;
    }
    out.print(csvLine(header));
    cells.forEach(c -> out.print(csvLine(c)));
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
