package dev.distillery.report;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A sweep report as one self-contained HTML page: inline CSS, plots as inline SVG, no script and
 * nothing fetched, so it opens from a file or an object store without a network. Every text from
 * the sweep (names, axis values, rows) is escaped.
 */
public final class ReportPage {
  /** Rows shown per experiment in the sample viewer. */
  public static final int SAMPLE_ROWS = 3;

  /** Experiments whose rows the sample viewer shows, the first in plan order: pages stay small. */
  public static final int SAMPLED_EXPERIMENTS = 50;

  /** Characters of a sample's question, reasoning or answer shown before it is cut. */
  static final int MAX_SAMPLE_CHARS = 8_000;

  private static final String CSS =
      """
      body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:2em;color:#222;\
      max-width:1200px}
      h1{font-size:1.6em;margin-bottom:.2em}h2{margin-top:1.6em;border-bottom:1px solid #ddd}
      .meta{color:#555}.notice{background:#fff4d6;border:1px solid #e0c36a;padding:.6em 1em}
      table{border-collapse:collapse;font-size:.9em}th,td{border:1px solid #ccc;padding:.25em .6em;\
      text-align:left;vertical-align:top}th{background:#f2f2f2}td.num{text-align:right;\
      font-variant-numeric:tabular-nums}
      .plots{display:flex;flex-wrap:wrap;gap:1em}figure{margin:0}
      svg.plot{background:#fff;font-size:11px}.frame{fill:none;stroke:#999}.grid{stroke:#eee}
      .tick-mark{stroke:#999}.error-bar{stroke:#444;stroke-width:1.5}.plot-title{font-size:13px;\
      font-weight:600}.empty{fill:#888;font-size:16px}.axis-title{fill:#444}
      pre{white-space:pre-wrap;word-break:break-word;background:#f7f7f7;padding:.5em;margin:.2em 0}
      .sample{border-left:3px solid #ddd;padding-left:.8em;margin:1em 0}.label{color:#555;\
      font-size:.85em;margin:.4em 0 0}
      """;

  private ReportPage() {}

  /** The page. */
  public static String html(ReportData data) {
    StringBuilder h = new StringBuilder();
    h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
        .append("<title>Sweep ")
        .append(Html.escape(data.sweep()))
        .append(": report</title><style>")
        .append(CSS)
        .append("</style></head>\n<body>\n");
    h.append("<h1>Sweep <code>").append(Html.escape(data.sweep())).append("</code></h1>\n");
    h.append("<p class=\"meta\">").append(Html.escape(meta(data))).append("</p>\n");
    if (!data.scored()) {
      h.append("<p class=\"notice\" id=\"no-scores\">")
          .append(Html.escape(noScores()))
          .append("</p>\n");
    }
    table(data, h);
    plots(data, h);
    budget(data, h);
    samples(data, h);
    h.append("</body></html>\n");
    return h.toString();
  }

  /** The line under the title: state, where it came from, counts and when. */
  static String meta(ReportData data) {
    return data.state().toLowerCase(Locale.ROOT)
        + " (as "
        + (data.source().equals("temporal") ? "Temporal" : "the store")
        + " knows it) · "
        + data.rows().size()
        + " experiments · generated "
        + data.generatedAt()
        + " by distill report";
  }

  static String noScores() {
    return "No eval scores yet: no experiment has a finished eval stage. The table shows the"
        + " data so far; run `distill report` again once eval stages have finished.";
  }

  /** The header of the results table, shared with the Markdown page. */
  static List<String> header(ReportData data) {
    List<String> header = new ArrayList<>(List.of("experiment"));
    header.addAll(data.axes());
    header.addAll(data.benchmarks());
    header.addAll(List.of("dataset rows", "answer chars (median)", "tokens", "cost", "state"));
    return header;
  }

  /** One row of the results table, shared with the Markdown page. */
  static List<String> cells(ReportData data, ReportRow row) {
    List<String> cells = new ArrayList<>(List.of(row.experiment()));
    data.axes().forEach(a -> cells.add(row.axes().getOrDefault(a, "")));
    for (String b : data.benchmarks()) {
      Score s = row.scores().get(b);
      cells.add(s == null ? "-" : s.text());
    }
    cells.add(number(row.datasetRows()));
    cells.add(number(row.answerChars()));
    cells.add(number(row.tokens()));
    cells.add(row.costUsd() == null ? "-" : dollars(row.costUsd()));
    cells.add(row.state().toLowerCase(Locale.ROOT));
    return cells;
  }

  private static void table(ReportData data, StringBuilder h) {
    h.append("<h2>Results</h2>\n<table class=\"results\"><thead><tr>");
    for (String column : header(data)) {
      h.append("<th>").append(Html.escape(column)).append("</th>");
    }
    h.append("</tr></thead><tbody>\n");
    int textColumns = 1 + data.axes().size();
    int last = header(data).size() - 1;
    for (ReportRow row : data.rows()) {
      h.append("<tr class=\"experiment\" data-experiment=\"")
          .append(Html.escape(row.experiment()))
          .append("\">");
      List<String> cells = cells(data, row);
      for (int i = 0; i < cells.size(); i++) {
        h.append(i < textColumns || i == last ? "<td>" : "<td class=\"num\">")
            .append(Html.escape(cells.get(i)))
            .append("</td>");
      }
      h.append("</tr>\n");
    }
    h.append("</tbody></table>\n");
    List<ReportRow> failed = data.rows().stream().filter(r -> r.failure() != null).toList();
    if (!failed.isEmpty()) {
      h.append("<h3>Failures</h3>\n<ul class=\"failures\">");
      for (ReportRow r : failed) {
        h.append("<li><b>")
            .append(Html.escape(r.experiment()))
            .append("</b>: ")
            .append(Html.escape(r.failure()))
            .append("</li>");
      }
      h.append("</ul>\n");
    }
  }

  private static void plots(ReportData data, StringBuilder h) {
    // Without benchmarks each plot is drawn once, empty, saying so.
    List<String> benchmarks = data.benchmarks().isEmpty() ? List.of("score") : data.benchmarks();
    List<String> names = data.rows().stream().map(ReportRow::experiment).toList();
    h.append("<h2>Scores by experiment</h2>\n<p class=\"meta\">avg ± std_err over each")
        .append(" benchmark's repeats.</p>\n<div class=\"plots\">\n");
    for (String b : benchmarks) {
      List<PlotPoint> points = new ArrayList<>();
      for (int i = 0; i < data.rows().size(); i++) {
        Score s = data.rows().get(i).scores().get(b);
        if (s != null) {
          points.add(new PlotPoint(names.get(i), i, s.avg(), s.stdErr()));
        }
      }
      figure(h, b, SvgPlot.byExperiment(b, names, points));
    }
    h.append("</div>\n");
    List<String> axes = data.numericAxes();
    if (axes.isEmpty()) {
      return;
    }
    h.append("<h2>Scores against numeric axes</h2>\n<div class=\"plots\">\n");
    for (String axis : axes) {
      for (String b : benchmarks) {
        List<PlotPoint> points = new ArrayList<>();
        for (ReportRow row : data.rows()) {
          Score s = row.scores().get(b);
          if (s != null) {
            double x = ReportData.number(row.axes().get(axis));
            points.add(new PlotPoint(row.experiment(), x, s.avg(), s.stdErr()));
          }
        }
        figure(h, b + " by " + axis, SvgPlot.byAxis(b + " by " + axis, axis, points));
      }
    }
    h.append("</div>\n");
  }

  private static void figure(StringBuilder h, String title, String svg) {
    h.append("<figure data-plot=\"").append(Html.escape(title)).append("\">");
    h.append(svg).append("</figure>\n");
  }

  private static void budget(ReportData data, StringBuilder h) {
    h.append("<h2>Budget and spend</h2>\n<p>").append(Html.escape(spend(data))).append("</p>\n");
    if (data.budgets().isEmpty()) {
      h.append("<p>No budget (set one under <code>budget:</code> in the sweep file).</p>\n");
      return;
    }
    h.append("<table class=\"budgets\"><thead><tr>");
    BUDGET_HEADER.forEach(c -> h.append("<th>").append(Html.escape(c)).append("</th>"));
    h.append("</tr></thead><tbody>\n");
    for (List<String> line : budgetLines(data)) {
      h.append("<tr>");
      line.forEach(c -> h.append("<td>").append(Html.escape(c)).append("</td>"));
      h.append("</tr>\n");
    }
    h.append("</tbody></table>\n");
    if (budgetNote(data) != null) {
      h.append("<p class=\"meta\">").append(Html.escape(budgetNote(data))).append("</p>\n");
    }
  }

  /** The sentence on what the sweep spent, shared with the Markdown page. */
  static String spend(ReportData data) {
    if (data.tokens() == null || data.microUsd() == null) {
      return "Spent: unknown (the store could not be read for every stage).";
    }
    return String.format(
        Locale.ROOT,
        "Spent on the sweep's artifacts, each counted once however many experiments share it:"
            + " %,d tokens, %s.",
        data.tokens(),
        dollars(BigDecimal.valueOf(data.microUsd(), 6)));
  }

  /** The columns of the budget table, shared with the Markdown page. */
  static final List<String> BUDGET_HEADER =
      List.of("endpoint", "token limit", "tokens spent", "cost limit", "cost spent", "state");

  /** One line per budget under {@link #BUDGET_HEADER}; shared with the Markdown page. */
  static List<List<String>> budgetLines(ReportData data) {
    List<List<String>> lines = new ArrayList<>();
    for (BudgetLine b : data.budgets()) {
      lines.add(
          List.of(
              b.endpoint(),
              b.tokenLimit() > 0 ? String.format(Locale.ROOT, "%,d", b.tokenLimit()) : "no limit",
              b.tokensSpent() == null
                  ? "unknown"
                  : String.format(Locale.ROOT, "%,d", b.tokensSpent()),
              b.microUsdLimit() > 0
                  ? dollars(BigDecimal.valueOf(b.microUsdLimit(), 6))
                  : "no limit",
              b.microUsdSpent() == null
                  ? "unknown"
                  : dollars(BigDecimal.valueOf(b.microUsdSpent(), 6)),
              b.paused() ? "PAUSED" : "ok"));
    }
    return lines;
  }

  /** Said under the budgets when their spend is unknown, else null; shared with Markdown. */
  static String budgetNote(ReportData data) {
    return data.budgets().stream().anyMatch(b -> b.tokensSpent() == null)
        ? "Spend per budget is counted by the sweep's workflow and known only while Temporal"
            + " knows the sweep; the total above comes from the stages' manifests."
        : null;
  }

  private static void samples(ReportData data, StringBuilder h) {
    h.append("<h2>Sample rows</h2>\n");
    if (data.samples().isEmpty()) {
      h.append("<p>No experiment has a finished export yet.</p>\n");
      return;
    }
    h.append("<p class=\"meta\">The first ")
        .append(SAMPLE_ROWS)
        .append(" rows of each experiment's last export (of the first ")
        .append(SAMPLED_EXPERIMENTS)
        .append(" experiments); the reasoning is folded. All rows:")
        .append(" <code>distill artifacts cat STAGE</code>.</p>\n");
    for (ExperimentSamples e : data.samples()) {
      h.append("<section class=\"samples\" data-experiment=\"")
          .append(Html.escape(e.experiment()))
          .append("\"><h3>")
          .append(Html.escape(e.experiment()))
          .append(" <small><code>")
          .append(Html.escape(e.stage()))
          .append("</code></small></h3>\n");
      if (e.problem() != null) {
        h.append("<p class=\"notice\">").append(Html.escape(e.problem())).append("</p>\n");
      }
      for (SampleRow row : e.rows()) {
        h.append("<div class=\"sample\"><p class=\"label\">question</p><pre>")
            .append(Html.escape(cut(row.question())))
            .append("</pre>");
        if (row.reasoning() != null) {
          h.append("<details class=\"reasoning\"><summary>reasoning (")
              .append(String.format(Locale.ROOT, "%,d", row.reasoning().length()))
              .append(" chars)</summary><pre>")
              .append(Html.escape(cut(row.reasoning())))
              .append("</pre></details>");
        }
        h.append("<p class=\"label\">answer</p><pre>")
            .append(Html.escape(cut(row.answer())))
            .append("</pre></div>\n");
      }
      h.append("</section>\n");
    }
  }

  private static String cut(String text) {
    if (text.length() <= MAX_SAMPLE_CHARS) {
      return text;
    }
    int end =
        MAX_SAMPLE_CHARS - (Character.isHighSurrogate(text.charAt(MAX_SAMPLE_CHARS - 1)) ? 1 : 0);
    return text.substring(0, end)
        + String.format(Locale.ROOT, "… (%,d more chars)", text.length() - end);
  }

  private static String number(Long n) {
    return n == null ? "-" : Long.toString(n);
  }

  static String dollars(BigDecimal usd) {
    return String.format(Locale.ROOT, "$%.4f", usd);
  }
}
