package dev.distillery.recipe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RecipeStageKindsTest {
  @Test
  void catalogueHoldsExactlyTheBuiltInKindsAndTheirVersions() {
    assertEquals(
        List.of(
            "source",
            "synthetic-arithmetic",
            "generate-questions",
            "mix",
            "dedup",
            "decontaminate",
            "filter-questions",
            "score-questions",
            "teacher",
            "filter-answers",
            "export"),
        StageKinds.all().stream().map(StageKind::name).toList());
    // source is at 2 (CSV, strict field mapping); dedup at 3 (digits masked for LSH, 40x4
    // bands); decontaminate at 4 (every shingle in the MinHash, bands for paraphrases at 75;
    // n-grams of tokens); generate-questions and teacher at 2 (how seeded samples are
    // requested); filter-answers at 2 (truncated answers in the dropped rows); export at 3
    // (difficulty column and statistics, then drop_truncated and the dropped rows).
    Map<String, Integer> versions =
        Map.of(
            "source", 2,
            "generate-questions", 2,
            "dedup", 3,
            "decontaminate", 4,
            "teacher", 2,
            "filter-answers", 2,
            "export", 3);
    for (StageKind kind : StageKinds.all()) {
      assertEquals(versions.getOrDefault(kind.name(), 1), kind.version(), kind.name());
    }
    assertFalse(StageKinds.find("dedupe").isPresent());
  }

  @Test
  void inputCountsAndTuningParams() {
    StageKind mix = StageKinds.find("mix").orElseThrow();
    assertEquals(1, mix.minInputs());
    assertEquals(16, mix.maxInputs());
    assertEquals(0, StageKinds.find("source").orElseThrow().maxInputs());
    StageKind teacher = StageKinds.find("teacher").orElseThrow();
    assertEquals(
        List.of(
            "concurrency",
            "shard_size",
            "parallel_shards",
            "mode",
            "batch_poll_seconds",
            "batch_max_submits",
            "price_input_per_million",
            "price_output_per_million",
            "max_retries",
            "timeout_seconds",
            "requests_per_minute",
            "tokens_per_minute"),
        teacher.params().stream().filter(p -> !p.affectsOutput()).map(ParamSpec::name).toList());
    assertEquals(
        "{\"question\":\"question\"}",
        StageKinds.find("source")
            .orElseThrow()
            .param("fields")
            .orElseThrow()
            .defaultValue()
            .toString());
  }
}
