package dev.distillery.cli;

import java.io.PrintWriter;
import java.util.Arrays;
import java.util.List;

/**
 * Left-aligned text columns, two spaces apart, as wide as their widest cell; or, when that is wider
 * than a given width ({@link TableWidth}), fitted into it: cells longer than {@value #MAX_CELL}
 * characters are cut with an ellipsis in their middle, the widest columns are narrowed further
 * (never below their header, nor below {@value #MIN_CELL} characters, and the first column not at
 * all) until the lines fit, and the last columns are left out, and named, when even that is not
 * enough.
 */
final class TextTable {
  /** The longest cell a fitted table shows whole. */
  static final int MAX_CELL = 40;

  /** The narrowest a fitted column of long values becomes, unless its header is longer. */
  static final int MIN_CELL = 10;

  /**
   * Columns whose cells are all this short (names, states, numbers, stage keys) are never cut:
   * rather left out.
   */
  static final int KEEP_WHOLE = 20;

  private static final String GAP = "  ";

  /** How many left-out columns the note below a table names. */
  private static final int NAMED = 4;

  private final List<String> header;
  private final int[] widths;
  private final int width;
  private final String indent;

  private TextTable(List<String> header, int[] widths, int width, String indent) {
    this.header = header;
    this.widths = widths;
    this.width = width;
    this.indent = indent;
  }

  /** Prints the table with every cell in full. */
  static void print(List<String> header, List<List<String>> rows, PrintWriter out) {
    print(header, rows, out, TableWidth.UNLIMITED);
  }

  /** Prints the table within {@code width} characters. */
  static void print(List<String> header, List<List<String>> rows, PrintWriter out, int width) {
    fit(header, rows, width, "").print(rows, out);
  }

  /**
   * The columns of a table of {@code rows} within {@code width} characters, each line starting with
   * {@code indent}. Rows printed later that were not given here are cut to the same columns.
   */
  static TextTable fit(List<String> header, List<List<String>> rows, int width, String indent) {
    int n = header.size();
    int[] natural = new int[n];
    for (int i = 0; i < n; i++) {
      natural[i] = header.get(i).length();
      for (List<String> row : rows) {
        natural[i] = Math.max(natural[i], row.get(i).length());
      }
    }
    if (width == TableWidth.UNLIMITED || indent.length() + total(natural, n) <= width) {
      return new TextTable(header, natural, width, indent);
    }
    int[] widths = new int[n];
    int[] floors = new int[n];
    for (int i = 0; i < n; i++) {
      // The first column names the rows (experiments): it is never cut.
      widths[i] =
          i == 0 ? natural[i] : Math.min(natural[i], Math.max(header.get(i).length(), MAX_CELL));
      floors[i] =
          i == 0 || natural[i] <= KEEP_WHOLE
              ? widths[i]
              : Math.min(widths[i], Math.max(header.get(i).length(), MIN_CELL));
    }
    int shown = n;
    while (shown > 1 && indent.length() + total(floors, shown) > width) {
      shown--;
    }
    widths = Arrays.copyOf(widths, shown);
    while (indent.length() + total(widths, shown) > width) {
      int widest = -1;
      for (int i = 1; i < shown; i++) {
        if (widths[i] > floors[i] && (widest < 0 || widths[i] > widths[widest])) {
          widest = i;
        }
      }
      if (widest < 0) {
        break; // The first column alone is wider.
      }
      widths[widest]--;
    }
    return new TextTable(header, widths, width, indent);
  }

  private static int total(int[] widths, int columns) {
    int sum = GAP.length() * (columns - 1);
    for (int i = 0; i < columns; i++) {
      sum += widths[i];
    }
    return sum;
  }

  /** Prints the header, the rows and which columns were left out. */
  void print(List<List<String>> rows, PrintWriter out) {
    printRow(header, out);
    rows.forEach(r -> printRow(r, out));
    printLeftOut(out);
  }

  /** Prints one row, its cells cut to the columns. */
  void printRow(List<String> cells, PrintWriter out) {
    StringBuilder line = new StringBuilder(indent);
    for (int i = 0; i < widths.length; i++) {
      String cell = cut(cells.get(i), widths[i]);
      line.append(cell);
      if (i < widths.length - 1) {
        line.append(" ".repeat(widths[i] - cell.length())).append(GAP);
      }
    }
    out.println(line.toString().stripTrailing());
  }

  /** Names the columns that did not fit, if any: the first few. */
  void printLeftOut(PrintWriter out) {
    List<String> left = header.subList(widths.length, header.size());
    if (left.isEmpty()) {
      return;
    }
    out.printf(
        "%s(%s left out to fit in %d characters, `--wide` shows %s: %s.)%n",
        indent,
        Plural.of(left.size(), "column"),
        width,
        left.size() == 1 ? "it" : "them",
        Plural.firstNames(left, left.size() <= NAMED ? NAMED : NAMED - 1));
  }

  /**
   * {@code cell} as it fits in {@code width} characters, an ellipsis in place of its end, or of its
   * middle for a path or URL (which tell themselves apart by their file names).
   */
  static String cut(String cell, int width) {
    if (cell.length() <= width) {
      return cell;
    }
    int head = cell.contains("/") ? Math.max(0, (width - 1) / 3) : Math.max(0, width - 1);
    int tail = Math.max(0, width - 1 - head);
    return cell.substring(0, head) + "…" + cell.substring(cell.length() - tail);
  }
}
