package dev.distillery.cli;

import dev.distillery.plan.ExperimentPlan;
import dev.distillery.plan.PlannedStage;
import dev.distillery.plan.SweepPlan;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Seeds closer than a stage's samples per prompt: vLLM samples choice {@code j} of a request with
 * seed {@code s} with seed {@code s + j}, so seeds 1 and 2 with {@code n: 16} share 15 samples of
 * each question. Repeats meant to be independent are then mostly the same data.
 */
final class SeedOverlaps {
  private SeedOverlaps() {}

  /** One warning per stage id whose seeds across the plan overlap, empty when none do. */
  static List<String> warnings(SweepPlan plan) {
    Map<String, TreeSet<Long>> seeds = new TreeMap<>();
    Map<String, Integer> samples = new TreeMap<>();
    for (ExperimentPlan experiment : plan.experiments()) {
      for (PlannedStage stage : experiment.stages()) {
        int n = samplesPerPrompt(stage);
        if (n > 1 && stage.params().path("seed").isIntegralNumber()) {
          seeds
              .computeIfAbsent(stage.id(), k -> new TreeSet<>())
              .add(stage.params().get("seed").asLong());
          samples.merge(stage.id(), n, Math::max);
        }
      }
    }
    List<String> out = new ArrayList<>();
    seeds.forEach(
        (id, values) -> {
          int n = samples.get(id);
          Long previous = null;
          for (long seed : values) {
            if (previous != null && seed - previous < n) {
              out.add(
                  String.format(
                      "Warning: stage '%s' samples %d answers per prompt with seeds %d and %d,"
                          + " which share %d of them: an endpoint like vLLM samples choice j of"
                          + " seed s with seed s+j. Space the seeds by at least %d (for example"
                          + " seeds: [0, 1000, 2000]) for repeats that do not share answers.",
                      id, n, previous, seed, n - (seed - previous), n));
              return;
            }
            previous = seed;
          }
        });
    return out;
  }

  private static int samplesPerPrompt(PlannedStage stage) {
    return switch (stage.kind()) {
      case "teacher" -> stage.params().path("n").asInt(1);
      case "generate-questions" -> stage.params().path("per_seed").asInt(1);
      default -> 1;
    };
  }
}
