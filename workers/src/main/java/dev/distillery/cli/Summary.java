package dev.distillery.cli;

import dev.distillery.workflow.StageOutcome;
import dev.distillery.workflow.StageResult;
import dev.distillery.workflow.SweepResult;
import java.util.EnumMap;
import java.util.Map;

/** The one-line summary printed after a sweep. */
final class Summary {
  private Summary() {}

  static String of(SweepResult result, long nanos) {
    Map<StageOutcome, Integer> counts = new EnumMap<>(StageOutcome.class);
    for (var e : result.experiments()) {
      for (StageResult s : e.stages()) {
        counts.merge(s.outcome(), 1, Integer::sum);
      }
    }
    return String.format(
        "%d of %d %s succeeded; stages: %d computed, %d reused, %d joined; %.1f s",
        result.experiments().size() - result.failed(),
        result.experiments().size(),
        Plural.noun(result.experiments().size(), "experiment"),
        counts.getOrDefault(StageOutcome.COMPUTED, 0),
        counts.getOrDefault(StageOutcome.REUSED, 0),
        counts.getOrDefault(StageOutcome.JOINED, 0),
        nanos / 1e9);
  }
}
