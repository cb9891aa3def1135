package dev.distillery.cli;

import java.io.PrintWriter;
import java.util.List;

/** Left-aligned text columns, two spaces apart, as wide as their widest cell. */
final class TextTable {
  private TextTable() {}

  static void print(List<String> header, List<List<String>> rows, PrintWriter out) {
    int[] widths = new int[header.size()];
    for (int i = 0; i < header.size(); i++) {
      widths[i] = header.get(i).length();
      for (List<String> row : rows) {
        widths[i] = Math.max(widths[i], row.get(i).length());
      }
    }
    line(header, widths, out);
    rows.forEach(r -> line(r, widths, out));
  }

  private static void line(List<String> cells, int[] widths, PrintWriter out) {
    StringBuilder line = new StringBuilder();
    for (int i = 0; i < cells.size(); i++) {
      line.append(cells.get(i));
      line.append(" ".repeat(Math.max(0, widths[i] - cells.get(i).length())));
      if (i < cells.size() - 1) {
        line.append("  ");
      }
    }
    out.println(line.toString().stripTrailing());
  }
}
