package dev.distillery.report;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Everything a sweep report shows, gathered from the store (and Temporal while it knows the sweep)
 * by {@code distill report}; the page is a pure function of it.
 *
 * @param sweep the sweep name
 * @param state the sweep's state, as {@code distill status} shows it
 * @param source where the state came from: {@code temporal} or {@code store}
 * @param generatedAt when the report was made, for people (ISO-8601)
 * @param axes the axis paths, in plan order
 * @param benchmarks the score metrics ({@code <stage>.<benchmark>}) of any experiment, in order
 * @param rows one per experiment, in plan order
 * @param tokens tokens spent on the sweep's artifacts, each counted once, or null when unknown
 * @param microUsd their cost in millionths of a dollar, or null when unknown
 * @param budgets the sweep's budgets, empty when it has none
 * @param samples the first rows of each experiment's last export, for those that have one
 */
public record ReportData(
    String sweep,
    String state,
    String source,
    String generatedAt,
    List<String> axes,
    List<String> benchmarks,
    List<ReportRow> rows,
    Long tokens,
    Long microUsd,
    List<BudgetLine> budgets,
    List<ExperimentSamples> samples) {
  /** A decimal number as YAML writes one; not Java's extras ({@code 1f}, {@code NaN}, hex). */
  private static final Pattern NUMBER =
      Pattern.compile("[-+]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][-+]?\\d+)?");

  public ReportData {
    axes = List.copyOf(axes);
    benchmarks = List.copyOf(benchmarks);
    rows = List.copyOf(rows);
    budgets = List.copyOf(budgets);
    samples = List.copyOf(samples);
  }

  /**
   * The axes to plot scores against: those where every experiment has a value and every value is a
   * finite number ({@code 0.25}, {@code 16}, {@code 1e-5}).
   */
  public List<String> numericAxes() {
    List<String> numeric = new ArrayList<>();
    for (String axis : axes) {
      boolean all = !rows.isEmpty();
      for (ReportRow row : rows) {
        all &= number(row.axes().get(axis)) != null;
      }
      if (all) {
        numeric.add(axis);
      }
    }
    return numeric;
  }

  /** Whether any experiment has a score. */
  public boolean scored() {
    return rows.stream().anyMatch(r -> !r.scores().isEmpty());
  }

  /** {@code value} as a finite number, or null when it is not one. */
  static Double number(String value) {
    if (value == null || !NUMBER.matcher(value.trim()).matches()) {
      return null;
    }
    double d = Double.parseDouble(value.trim());
    return Double.isFinite(d) ? d : null;
  }
}
