package dev.distillery.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.distillery.plan.ExperimentPlan;
import dev.distillery.plan.PlannedStage;
import dev.distillery.plan.SweepPlan;
import java.util.ArrayList;
import java.util.HashMap;
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
  private static final List<String> SAMPLING_KINDS = List.of("teacher", "generate-questions");

  private final Map<String, TreeSet<Long>> seeds = new TreeMap<>();
  private final Map<String, Integer> samples = new TreeMap<>();
  private final Map<String, PlannedStage> seen = new HashMap<>();

  /** One warning per stage id whose seeds across the plan overlap, empty when none do. */
  static List<String> warnings(SweepPlan plan) {
    SeedOverlaps overlaps = new SeedOverlaps();
    plan.experiments().forEach(overlaps::add);
    return overlaps.warnings();
  }

  /**
   * Notes the seeds of an experiment's stages. A stage the planner shared with the previous
   * experiment is the same object and is skipped, so a million experiments cost little.
   */
  void add(ExperimentPlan experiment) {
    for (PlannedStage stage : experiment.stages()) {
      if (seen.put(stage.id(), stage) == stage || !SAMPLING_KINDS.contains(stage.kind())) {
        continue;
      }
      ObjectNode params = stage.params();
      int n = samplesPerPrompt(stage.kind(), params);
      if (n > 1 && params.path("seed").isIntegralNumber()) {
        seeds.computeIfAbsent(stage.id(), k -> new TreeSet<>()).add(params.get("seed").asLong());
        samples.merge(stage.id(), n, Math::max);
      }
    }
  }

  /** One warning per stage id whose seeds so far overlap, empty when none do. */
  List<String> warnings() {
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

  private static int samplesPerPrompt(String kind, ObjectNode params) {
    return switch (kind) {
      case "teacher" -> params.path("n").asInt(1);
      case "generate-questions" -> params.path("per_seed").asInt(1);
      default -> 1;
    };
  }
}
