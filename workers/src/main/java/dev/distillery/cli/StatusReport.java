package dev.distillery.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.distillery.workflow.BudgetStatus;
import dev.distillery.workflow.StageProgress;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Renders a {@link SweepView} for {@code distill status}: a table of experiments by stages with
 * totals, or a JSON document. The JSON layout is a contract for scripts: fields are only added.
 */
final class StatusReport {
  private final SweepView view;
  private final StageSpend spend;

  StatusReport(SweepView view, StageSpend spend) {
    this.view = view;
    this.spend = spend;
  }

  /**
   * Prints the table (within {@code width} characters, {@link TableWidth}), failures, totals and
   * budgets.
   */
  void printText(PrintWriter out, int width) {
    List<String> header = new ArrayList<>(List.of("EXPERIMENT", "STATE", "STAGES", "ARTIFACT"));
    header.addAll(view.stageIds());
    List<List<String>> rows = new ArrayList<>();
    for (ExperimentView e : view.experiments()) {
      List<String> row = new ArrayList<>();
      row.add(e.experiment());
      row.add(e.state().toLowerCase().replace('_', ' '));
      row.add(e.finished().size() + "/" + e.stages().size());
      FinalArtifact artifact = e.artifact();
      row.add(artifact == null ? "-" : artifact.shortId());
      for (String id : view.stageIds()) {
        row.add(
            e.stages().stream()
                .filter(s -> s.stageId().equals(id))
                .map(StageView::cell)
                .findFirst()
                .orElse("-"));
      }
      rows.add(row);
    }
    TextTable.print(header, rows, out, width);
    List<String> empty =
        EmptyStages.warnings(
            view.experiments().stream()
                .map(
                    e ->
                        new dev.distillery.workflow.ExperimentResult(
                            e.experiment(), e.axisValues(), true, null, e.finished()))
                .toList());
    if (!empty.isEmpty()) {
      out.println();
      empty.forEach(out::println);
    }
    boolean anyFailure = false;
    for (ExperimentView e : view.experiments()) {
      if (e.failure() != null) {
        out.printf("%s%s: %s%n", anyFailure ? "" : "\n", e.experiment(), e.failure());
        anyFailure = true;
      }
    }
    out.println();
    out.println(totalsLine());
    if (spend.problem() != null) {
      out.println(
          "Tokens and cost are incomplete: the store could not be read (" + spend.problem() + ").");
    }
    if (view.unanswered() != null) {
      out.printf(
          "Temporal knows sweep '%s' but no worker answered its query (%s); this is what the"
              + " store recorded. Start a worker (`distill worker`) and the sweep goes on.%n",
          view.sweep(), view.unanswered());
    } else if (view.source().equals("store")) {
      out.printf(
          "Temporal does not know sweep '%s' (an embedded server forgets sweeps when it stops);"
              + " this is what the store recorded.%s%n",
          view.sweep(),
          view.state().equals("INCOMPLETE") || view.state().equals("CANCELLED")
              ? " `distill resume " + view.sweep() + "` runs what is missing."
              : "");
    }
    BudgetCommand.print(view.sweep(), view.budgets(), out);
    out.flush();
  }

  private String totalsLine() {
    long cancelled = view.count("CANCELLED");
    long ended = view.count("SUCCEEDED") + view.count("FAILED") + cancelled;
    Spend total = spend.sum(finished());
    return String.format(
        "Sweep '%s' %s: %d of %d %s ended (%d failed%s), %d running, %d waiting%s%s.%n"
            + "Stages %d done, %d reused; %d tokens, %s so far (finished stages, each artifact"
            + " once).",
        view.sweep(),
        stateWords(view.state()),
        ended,
        view.experiments().size(),
        Plural.noun(view.experiments().size(), "experiment"),
        view.count("FAILED"),
        cancelled > 0 ? ", " + cancelled + " cancelled" : "",
        view.count("RUNNING"),
        view.count("WAITING"),
        view.count(ExperimentView.NOT_STARTED) > 0
            ? ", " + view.count(ExperimentView.NOT_STARTED) + " not started"
            : "",
        view.count(ExperimentView.INCOMPLETE) > 0
            ? ", "
                + view.count(ExperimentView.INCOMPLETE)
                + (view.unanswered() != null
                    ? " stopped part-way (no worker runs them)"
                    : " stopped part-way (`distill resume " + view.sweep() + "` runs the rest)")
            : "",
        stageCount(StageState.DONE),
        stageCount(StageState.REUSED),
        total.tokens(),
        total.dollars());
  }

  /** The sweep state in words; never "succeeded", which marks experiment rows. */
  private static String stateWords(String state) {
    return switch (state) {
      case "SUCCEEDED" -> "finished";
      case "FAILED" -> "finished with failures";
      default -> state.toLowerCase();
    };
  }

  private long stageCount(StageState state) {
    return view.experiments().stream()
        .flatMap(e -> e.stages().stream())
        .filter(s -> s.state() == state)
        .count();
  }

  private List<dev.distillery.workflow.StageResult> finished() {
    return view.experiments().stream().flatMap(e -> e.finished().stream()).toList();
  }

  /** The JSON document: sweep, state, source, stages, experiments, totals and budgets. */
  Map<String, Object> document() {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("sweep", view.sweep());
    doc.put("state", view.state());
    doc.put("source", view.source());
    doc.put("stages", view.stageIds());
    List<Map<String, Object>> experiments = new ArrayList<>();
    for (ExperimentView e : view.experiments()) {
      Map<String, Object> x = new LinkedHashMap<>();
      x.put("experiment", e.experiment());
      x.put("axisValues", e.axisValues());
      x.put("state", e.state());
      x.put("failure", e.failure());
      x.put("artifact", e.artifact());
      List<Map<String, Object>> stages = new ArrayList<>();
      for (StageView s : e.stages()) {
        Map<String, Object> st = new LinkedHashMap<>();
        st.put("stage", s.stageId());
        st.put("state", s.state().name());
        if (s.result() != null) {
          st.put("kind", s.result().kind());
          st.put("key", s.result().key());
          st.put("rowsIn", s.result().rowsIn());
          st.put("rowsOut", s.result().rowsOut());
          st.put("durationMillis", s.result().durationMillis());
          st.put("empty", s.result().rowsOut() == 0);
        } else if (s.progress() != null) {
          long now = System.currentTimeMillis();
          StageProgress p = s.progress();
          st.put("rowsDone", p.rowsDone());
          st.put("rowsTotal", p.rowsTotal());
          if (p.rowsTotal() > 0) {
            st.put("percent", Math.round(1000.0 * p.rowsDone() / p.rowsTotal()) / 10.0);
          }
          if (p.shards() > 0) {
            st.put("shards", p.shards());
            st.put("shardsDone", p.shardsDone());
            st.put("shardsRunning", p.shardsRunning());
          }
          double rate = p.rowsPerSecond(now);
          if (rate > 0) {
            st.put("rowsPerSecond", Math.round(rate * 10) / 10.0);
            st.put("etaSeconds", p.secondsLeft(now));
          }
          st.put("paused", p.paused());
          if (p.pauseReason() != null) {
            st.put("pauseReason", p.pauseReason());
          }
        }
        stages.add(st);
      }
      x.put("stages", stages);
      Spend spent = spend.sum(e.finished());
      x.put("tokens", spent.tokens());
      x.put("microUsd", spent.microUsd());
      experiments.add(x);
    }
    doc.put("experiments", experiments);
    Map<String, Object> totals = new LinkedHashMap<>();
    totals.put("experiments", view.experiments().size());
    for (String state : List.of("SUCCEEDED", "FAILED", "CANCELLED", "RUNNING", "WAITING")) {
      totals.put(state.toLowerCase(), view.count(state));
    }
    totals.put("notStarted", view.count(ExperimentView.NOT_STARTED));
    totals.put("incomplete", view.count(ExperimentView.INCOMPLETE));
    totals.put("stagesDone", stageCount(StageState.DONE));
    totals.put("stagesReused", stageCount(StageState.REUSED));
    Spend total = spend.sum(finished());
    totals.put("tokens", total.tokens());
    totals.put("microUsd", total.microUsd());
    doc.put("totals", totals);
    doc.put("spendProblem", spend.problem());
    List<BudgetStatus> budgets = view.budgets();
    doc.put("budgets", budgets);
    return doc;
  }

  /** The document pretty-printed, or on one line for a stream of snapshots. */
  String json(boolean oneLine) throws IOException {
    try {
      return oneLine
          ? SweepClient.JSON.writeValueAsString(document())
          : SweepClient.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(document());
    } catch (JsonProcessingException e) {
      throw new IOException(e);
    }
  }
}
