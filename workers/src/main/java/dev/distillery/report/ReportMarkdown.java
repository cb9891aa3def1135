package dev.distillery.report;

import java.util.List;

/**
 * A sweep report as Markdown: the results table and the budget and spend of {@link ReportPage}, for
 * pasting into notes and pull requests (plots and sample rows are in the HTML page).
 */
public final class ReportMarkdown {
  private ReportMarkdown() {}

  /** The Markdown text. */
  public static String of(ReportData data) {
    StringBuilder md = new StringBuilder();
    md.append("# Sweep ").append(cell(data.sweep())).append("\n\n");
    md.append(cell(ReportPage.meta(data))).append("\n\n");
    if (!data.scored()) {
      md.append(cell(ReportPage.noScores())).append("\n\n");
    }
    md.append("## Results\n\n");
    row(md, ReportPage.header(data));
    md.append("|").append(" --- |".repeat(ReportPage.header(data).size())).append('\n');
    data.rows().forEach(r -> row(md, ReportPage.cells(data, r)));
    md.append("\n## Budget and spend\n\n").append(cell(ReportPage.spend(data))).append("\n\n");
    if (!data.budgets().isEmpty()) {
      row(md, ReportPage.BUDGET_HEADER);
      md.append("|").append(" --- |".repeat(ReportPage.BUDGET_HEADER.size())).append('\n');
      ReportPage.budgetLines(data).forEach(l -> row(md, l));
      md.append('\n');
      if (ReportPage.budgetNote(data) != null) {
        md.append(cell(ReportPage.budgetNote(data))).append("\n\n");
      }
    }
    return md.toString();
  }

  private static void row(StringBuilder md, List<String> cells) {
    md.append('|');
    cells.forEach(c -> md.append(' ').append(cell(c)).append(" |"));
    md.append('\n');
  }

  /**
   * Text safe in a table cell: pipes escaped, line breaks as spaces, and {@code & < >} as character
   * references so no renderer takes row text for HTML.
   */
  static String cell(String text) {
    return text.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("|", "\\|")
        .replace("\r", " ")
        .replace("\n", " ");
  }
}
