package dev.distillery.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.distillery.config.ConfigException;
import dev.distillery.plan.StageRef;
import dev.distillery.recipe.Budget;
import dev.distillery.report.BudgetLine;
import dev.distillery.report.ExperimentSamples;
import dev.distillery.report.ReportData;
import dev.distillery.report.ReportPage;
import dev.distillery.report.ReportRow;
import dev.distillery.report.SampleRow;
import dev.distillery.report.Score;
import dev.distillery.store.ArtifactStore;
import dev.distillery.store.Manifest;
import dev.distillery.store.RowReader;
import dev.distillery.workflow.BudgetStatus;
import dev.distillery.workflow.StageResult;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Gathers a {@link ReportData} for {@code distill report}: the rows {@code distill results} shows
 * ({@link ResultRows}, so scores, tokens and cost are the same numbers), each experiment's last
 * export (its rows, median answer length and first rows), the sweep's spend and budgets.
 */
final class ReportLoader {
  private final SweepViews views;
  private final Map<String, Optional<Manifest>> exports = new HashMap<>();
  private final Map<String, ExperimentSamples> samples = new HashMap<>();
  private List<ResultRow> results = List.of();

  ReportLoader(SweepViews views) {
    this.views = views;
  }

  /**
   * The report of {@code sweep} as it stands now.
   *
   * @throws UserException when neither Temporal nor the store knows the sweep
   * @throws ConfigException when Temporal cannot be reached and the store does not know the sweep
   */
  ReportData load(String sweep) throws IOException, UserException, ConfigException {
    SweepView view = views.load(sweep);
    results = ResultRows.of(view, views.spend(), views.scores());
    Set<String> axes = new LinkedHashSet<>();
    Set<String> benchmarks = new LinkedHashSet<>();
    List<ReportRow> rows = new ArrayList<>();
    List<ExperimentSamples> sampled = new ArrayList<>();
    List<StageResult> all = new ArrayList<>();
    for (int i = 0; i < view.experiments().size(); i++) {
      ExperimentView e = view.experiments().get(i);
      ResultRow r = results.get(i);
      axes.addAll(r.axes().keySet());
      all.addAll(e.finished());
      Map<String, Score> scores = new LinkedHashMap<>();
      for (StageResult s : e.finished()) {
        for (String metric : views.scores().of(s).keySet()) {
          if (!metric.endsWith(EvalScores.STD_ERR)) {
            benchmarks.add(metric);
            scores.put(metric, score(r.metrics(), metric));
          }
        }
      }
      StageResult export = lastExport(e);
      Long answerChars = null;
      if (export != null) {
        // The export's DatasetStats counter; older exports may lack it.
        answerChars = manifest(export).map(m -> m.extra().get("answer_chars_p50")).orElse(null);
        if (sampled.size() < ReportPage.SAMPLED_EXPERIMENTS) {
          sampled.add(samples(e.experiment(), export));
        }
      }
      Number tokens = r.metrics().get(ResultRows.TOKENS);
      Number cost = r.metrics().get(ResultRows.COST_USD);
      rows.add(
          new ReportRow(
              r.experiment(),
              r.state(),
              r.axes(),
              scores,
              export == null ? null : export.rowsOut(),
              answerChars,
              tokens == null ? null : tokens.longValue(),
              cost == null ? null : new BigDecimal(cost.toString()),
              e.failure()));
    }
    Spend spent = views.spend().sum(all);
    boolean known = views.spend().problem() == null;
    return new ReportData(
        view.sweep(),
        view.state(),
        view.source(),
        Instant.now().truncatedTo(ChronoUnit.SECONDS).toString(),
        List.copyOf(axes),
        List.copyOf(benchmarks),
        rows,
        known ? spent.tokens() : null,
        known ? spent.microUsd() : null,
        budgets(view),
        sampled);
  }

  /** The rows of the last {@link #load} as {@code distill results --format csv} writes them. */
  String csv() throws IOException {
    StringWriter text = new StringWriter();
    try (PrintWriter out = new PrintWriter(text)) {
      ResultFormat.CSV.write(results, out);
    }
    return text.toString();
  }

  private static Score score(Map<String, Number> metrics, String metric) {
    Number stdErr = metrics.get(metric + EvalScores.STD_ERR);
    return new Score(
        metrics.get(metric).doubleValue(), stdErr == null ? null : stdErr.doubleValue());
  }

  /** The experiment's dataset: its last finished export stage, or null. */
  private static StageResult lastExport(ExperimentView e) {
    StageResult export = null;
    for (StageResult s : e.finished()) {
      if (s.kind().equals("export")) {
        export = s;
      }
    }
    return export;
  }

  private Optional<Manifest> manifest(StageResult stage) throws IOException {
    Optional<Manifest> m = exports.get(stage.key());
    if (m == null) {
      m = views.store().findManifest(new StageRef(stage.kind(), stage.key()));
      exports.put(stage.key(), m);
    }
    return m;
  }

  /** The first rows of an export; a part that cannot be read is said on the page, not fatal. */
  private ExperimentSamples samples(String experiment, StageResult export) throws IOException {
    String stage = export.kind() + "/" + export.key();
    ExperimentSamples known = samples.get(export.key());
    if (known != null) {
      return new ExperimentSamples(experiment, stage, known.rows(), known.problem());
    }
    List<SampleRow> rows = new ArrayList<>();
    String problem = null;
    Optional<Manifest> m = manifest(export);
    if (m.isEmpty()) {
      problem = "The store no longer holds " + stage + ".";
    } else {
      ArtifactStore store = views.store();
      try (RowReader reader = store.open(m.get())) {
        ObjectNode row;
        while (rows.size() < ReportPage.SAMPLE_ROWS && (row = reader.next()) != null) {
          rows.add(SampleRow.of(row));
        }
      } catch (IOException | UncheckedIOException e) {
        problem =
            "Its rows cannot be read ("
                + e.getMessage()
                + "); `distill artifacts verify "
                + stage
                + "` checks the stage.";
      }
    }
    ExperimentSamples read = new ExperimentSamples(experiment, stage, rows, problem);
    samples.put(export.key(), read);
    return read;
  }

  /** The live budgets with their spend, else the saved plan's limits with spend unknown. */
  private List<BudgetLine> budgets(SweepView view) throws IOException {
    List<BudgetLine> lines = new ArrayList<>();
    for (BudgetStatus b : view.budgets()) {
      lines.add(
          new BudgetLine(
              b.endpoint(),
              b.tokenLimit(),
              b.microUsdLimit(),
              b.tokensSpent(),
              b.microUsdSpent(),
              b.paused()));
    }
    if (lines.isEmpty()) {
      for (Map.Entry<String, Budget> b :
          new TreeMap<>(views.plannedBudgets(view.sweep())).entrySet()) {
        lines.add(
            new BudgetLine(
                b.getKey(), b.getValue().tokens(), b.getValue().microUsd(), null, null, false));
      }
    }
    return lines;
  }
}
