package dev.distillery.cli;

import dev.distillery.workflow.ExperimentResult;
import dev.distillery.workflow.StageResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Stages that wrote no rows, said loudly: every stage after one has nothing to work on, and a
 * silent 0 at the end of a table is how a whole sweep's data goes missing unnoticed.
 */
final class EmptyStages {
  private EmptyStages() {}

  /** {@code "EMPTY (dropped: truncated 400)"} for a stage that wrote no rows, else {@code ""}. */
  static String mark(StageResult stage) {
    if (stage.rowsOut() > 0) {
      return "";
    }
    return stage.dropped().isEmpty() ? "EMPTY" : "EMPTY (dropped: " + dropped(stage) + ")";
  }

  /**
   * One line per stage that is the first empty stage of some experiment, naming the experiments,
   * its rows in and why they were dropped.
   */
  static List<String> warnings(List<ExperimentResult> experiments) {
    Map<String, StageResult> byKey = new LinkedHashMap<>();
    Map<String, List<String>> experimentsByKey = new LinkedHashMap<>();
    Map<String, Boolean> lastByKey = new LinkedHashMap<>();
    for (ExperimentResult e : experiments) {
      List<StageResult> stages = e.stages();
      for (int i = 0; i < stages.size(); i++) {
        StageResult s = stages.get(i);
        if (s.rowsOut() == 0) {
          byKey.putIfAbsent(s.key(), s);
          experimentsByKey.computeIfAbsent(s.key(), k -> new ArrayList<>()).add(e.experiment());
          lastByKey.merge(s.key(), i == stages.size() - 1, Boolean::logicalAnd);
          break;
        }
      }
    }
    List<String> lines = new ArrayList<>();
    byKey.forEach(
        (key, s) -> {
          List<String> names = experimentsByKey.get(key);
          String who = Plural.firstNames(names, 3);
          StringBuilder line =
              new StringBuilder("WARNING: stage '")
                  .append(s.stageId())
                  .append("' (")
                  .append(s.kind())
                  .append(") wrote no rows in ")
                  .append(who)
                  .append(": ")
                  .append(Plural.of(s.rowsIn(), "row"))
                  .append(" in");
          if (!s.dropped().isEmpty()) {
            line.append(", dropped ").append(dropped(s));
          }
          line.append('.');
          if (!lastByKey.get(key)) {
            line.append(" The stages after it had nothing to work on.");
          }
          if (s.dropped().containsKey("truncated")) {
            line.append(
                " Truncated answers were cut at the teacher's max_tokens: raise max_tokens, or keep"
                    + " them with drop_truncated: false.");
          }
          line.append(" `distill artifacts cat ")
              .append(key, 0, Math.min(12, key.length()))
              .append(" --dropped` shows the dropped rows.");
          lines.add(line.toString());
        });
    return lines;
  }

  private static String dropped(StageResult stage) {
    StringBuilder out = new StringBuilder();
    new TreeMap<>(stage.dropped())
        .forEach(
            (reason, count) ->
                out.append(out.isEmpty() ? "" : ", ").append(reason).append(' ').append(count));
    return out.toString();
  }
}
