package dev.distillery.recipe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.distillery.plan.ContentAddress;
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
            "export",
            "train",
            "eval"),
        StageKinds.all().stream().map(StageKind::name).toList());
    // source is at 3 (CSV, strict field mapping; then bad records fail the stage unless
    // on_bad_row: skip, which writes them to the dropped rows); dedup at 3 (digits masked for LSH,
    // 40x4
    // bands); decontaminate at 5 (every shingle in the MinHash, bands for paraphrases at 75;
    // n-grams of tokens; runs of equal shingles counted); generate-questions and teacher at 2 (how
    // seeded samples are
    // requested); filter-answers at 3 (truncated answers in the dropped rows, then verify by math
    // equivalence); export at 3
    // (difficulty column and statistics, then drop_truncated and the dropped rows).
    Map<String, Integer> versions =
        Map.of(
            "source", 3,
            "generate-questions", 2,
            "dedup", 3,
            "decontaminate", 5,
            "teacher", 2,
            "filter-answers", 3,
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
    StageKind source = StageKinds.find("source").orElseThrow();
    assertEquals("fail", source.param("on_bad_row").orElseThrow().defaultValue().asText());
    assertTrue(source.param("on_bad_row").orElseThrow().affectsOutput());
    assertEquals(null, source.param("max_bad_rows").orElseThrow().defaultValue());
    assertEquals(
        "{\"question\":\"question\"}",
        StageKinds.find("source")
            .orElseThrow()
            .param("fields")
            .orElseThrow()
            .defaultValue()
            .toString());
  }

  /**
   * decontaminate's {@code tokenizer} param has no default, so a recipe without it keeps its
   * content address and the kind keeps its version.
   */
  @Test
  void decontaminateTakesATokenizerOnlyWhenGiven() throws Exception {
    String recipe =
        """
        recipe: r
        stages:
          - {id: src, kind: source, params: {path: q.jsonl}}
          - id: dc
            kind: decontaminate
            params: {benchmarks: [b.jsonl]%s}
        """;
    ParamSpec tokenizer = StageKinds.find("decontaminate").orElseThrow().param("tokenizer").get();
    assertEquals(ParamType.STRING, tokenizer.type());
    assertEquals(null, tokenizer.defaultValue());
    assertTrue(tokenizer.affectsOutput());

    var plain = RecipeLoader.parseRecipe(recipe.formatted(""), "r.yaml").stage("dc").get();
    assertFalse(plain.params().has("tokenizer"));
    assertFalse(
        ContentAddress.keyDocument("decontaminate", 5, plain.params(), List.of())
            .contains("tokenizer"));

    var counted =
        RecipeLoader.parseRecipe(
                recipe.formatted(", ngram_unit: tokenizer, tokenizer: qwen/tokenizer.json"),
                "r.yaml")
            .stage("dc")
            .get();
    assertEquals("tokenizer", counted.params().get("ngram_unit").asText());
    assertEquals("qwen/tokenizer.json", counted.params().get("tokenizer").asText());

    RecipeException e =
        assertThrows(
            RecipeException.class,
            () -> RecipeLoader.parseRecipe(recipe.formatted(", ngram_unit: tokeniser"), "r.yaml"));
    assertTrue(
        e.getMessage().contains("must be one of: tokens, words, tokenizer, got 'tokeniser'"),
        e.getMessage());
  }
}
