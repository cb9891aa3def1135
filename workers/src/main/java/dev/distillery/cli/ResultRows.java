package dev.distillery.cli;

import dev.distillery.workflow.StageResult;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns a sweep view into result rows. Metrics of an experiment: {@code rows_out} of its last
 * stage, the benchmark scores of its eval stages ({@link EvalScores}), {@code <stage>.rows_in} and
 * {@code <stage>.rows_out} of each finished stage, and the {@code tokens} and {@code cost_usd} of
 * the artifacts its dataset was made from (stages shared by several experiments count in each of
 * them).
 */
final class ResultRows {
  /** The metric of an experiment's tokens, left out when spend is unknown. */
  static final String TOKENS = "tokens";

  /** The metric of an experiment's cost in dollars, left out when spend is unknown. */
  static final String COST_USD = "cost_usd";

  private ResultRows() {}

  static List<ResultRow> of(SweepView view, StageSpend spend, EvalScores scores)
      throws java.io.IOException {
    List<ResultRow> rows = new ArrayList<>();
    for (ExperimentView e : view.experiments()) {
      Map<String, Number> metrics = new LinkedHashMap<>();
      List<StageView> stages = e.stages();
      StageResult last = stages.isEmpty() ? null : stages.get(stages.size() - 1).result();
      if (last != null) {
        metrics.put("rows_out", last.rowsOut());
      }
      for (StageResult s : e.finished()) {
        metrics.putAll(scores.of(s));
      }
      for (StageResult s : e.finished()) {
        metrics.put(s.stageId() + ".rows_in", s.rowsIn());
        metrics.put(s.stageId() + ".rows_out", s.rowsOut());
      }
      Spend spent = spend.sum(e.finished());
      if (spend.problem() == null) { // Unknown spend is left out, not shown as zero.
        metrics.put(TOKENS, spent.tokens());
        metrics.put(COST_USD, BigDecimal.valueOf(spent.microUsd(), 6));
      }
      rows.add(new ResultRow(e.experiment(), e.state(), e.axisValues(), metrics, e.artifact()));
    }
    return rows;
  }
}
