package dev.distillery.recipe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Missing local files are problems located at the value that names them. */
class LocalFileCheckTest {
  private static final String RECIPE =
      """
      recipe: r
      stages:
        - id: source
          kind: source
          params: {path: data/questions.jsonl}
        - id: decon
          kind: decontaminate
          params:
            benchmarks: [bench/a.jsonl, s3://bucket/b.jsonl, bench/gone.jsonl]
            tokenizer: tok/tokenizer.json
        - id: eval
          kind: eval
          params:
            base_url: http://localhost:8000/v1
            model: m
            benchmarks: {AIME24: bench/a.jsonl, MATH500: bench/math500.jsonl}
      """;

  /** The files that exist; every other local path is missing, looked for under /sweeps. */
  private static final Set<String> EXISTING = Set.of("data/questions.jsonl", "bench/a.jsonl");

  /** Paths asked about, to show that remote ones are not. */
  private final List<String> asked = new ArrayList<>();

  private final LocalFiles files =
      path -> {
        asked.add(path);
        return EXISTING.contains(path) ? Optional.empty() : Optional.of("/sweeps/" + path);
      };

  private static RecipeSource source(Map<String, String> files) {
    return path -> {
      String text = files.get(path);
      if (text == null) {
        throw new NoSuchFileException(path);
      }
      return text;
    };
  }

  private List<Problem> problems(String yaml, String file, Map<String, String> included) {
    return assertThrows(
            RecipeException.class, () -> RecipeLoader.parseAny(yaml, file, source(included), files))
        .problems();
  }

  @Test
  void aMissingFileOfTheRecipeIsLocatedWithWhereItWasLookedFor() {
    List<Problem> problems = problems(RECIPE, "recipe.yaml", Map.of());

    assertEquals(2, problems.size(), problems.toString());
    Problem gone = problems.get(0);
    assertEquals("recipe.yaml:9:56", Places.of(gone));
    assertEquals(
        "stage 'decon' reads 'bench/gone.jsonl' (param 'benchmarks'), which is not a file",
        gone.message());
    assertTrue(gone.hint().startsWith("looked for /sweeps/bench/gone.jsonl;"), gone.hint());
    assertTrue(
        gone.hint().contains("relative paths resolve against the folder of recipe.yaml"),
        gone.hint());
    Problem math = problems.get(1);
    assertEquals("recipe.yaml:16:52", Places.of(math));
    assertTrue(math.message().contains("'bench/math500.jsonl'"), math.message());
    assertTrue(!asked.contains("s3://bucket/b.jsonl"), "remote files are not checked: " + asked);
    assertTrue(
        !asked.contains("tok/tokenizer.json"), "a tokenizer is read only by ngram_unit tokenizer");
  }

  @Test
  void aFileSetByTheSweepIsLocatedInTheSweepAndTheRecipeValueItReplacesIsNotChecked() {
    String recipe =
        """
        recipe: r
        stages:
          - id: source
            kind: source
            params: {path: placeholder.jsonl}
        """;
    String sweep =
        """
        sweep: s
        recipe: recipe.yaml
        grid:
          stages.source.path: [data/questions.jsonl, data/other.jsonl]
        experiments:
          - {name: base}
          - {name: mine, set: {stages.source.path: data/mine.jsonl}}
        """;

    List<Problem> problems = problems(sweep, "sweep.yaml", Map.of("recipe.yaml", recipe));

    assertEquals(
        List.of("sweep.yaml:4:46", "sweep.yaml:7:44"),
        problems.stream().map(Places::of).toList(),
        problems.toString());
    assertTrue(problems.get(0).message().contains("'data/other.jsonl'"), problems.toString());
    assertTrue(problems.get(1).message().contains("'data/mine.jsonl'"), problems.toString());
    assertTrue(!asked.contains("placeholder.jsonl"), "every experiment replaces it: " + asked);
  }

  @Test
  void aTokenizerIsCheckedWhenAnExperimentCountsTokenizerTokens() {
    String sweep =
        """
        sweep: s
        recipe:
          recipe: r
          stages:
            - {id: source, kind: synthetic-arithmetic, params: {count: 1}}
            - id: decon
              kind: decontaminate
              params: {benchmarks: [bench/a.jsonl], tokenizer: tok/tokenizer.json}
        grid:
          stages.decon.ngram_unit: [words, tokenizer]
        """;

    List<Problem> problems = problems(sweep, "sweep.yaml", Map.of());

    assertEquals(1, problems.size(), problems.toString());
    Problem tokenizer = problems.get(0);
    assertEquals("sweep.yaml:8:56", Places.of(tokenizer));
    assertTrue(tokenizer.message().contains("(param 'tokenizer')"), tokenizer.message());
  }

  @Test
  void withoutLocalFilesNothingIsChecked() throws Exception {
    Sweep sweep = RecipeLoader.parseAny(RECIPE, "recipe.yaml", source(Map.of()));
    assertEquals(3, sweep.recipe().stages().size());
  }
}
