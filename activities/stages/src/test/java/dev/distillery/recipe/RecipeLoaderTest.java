package dev.distillery.recipe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.NoSuchFileException;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class RecipeLoaderTest {
  private static final String RECIPE =
      """
      recipe: demo-arithmetic
      description: small arithmetic set
      stages:
        - id: source
          kind: synthetic-arithmetic
          params: {count: 400, seed: 7}
        - id: filter
          kind: filter-questions
          params:
            keep: 0.5
        - id: teacher
          kind: teacher
          params: {base_url: "http://localhost:8000/v1", model: tiny, n: 2.0}
          retry: {max_attempts: 3, timeout_minutes: 30}
        - id: export
          kind: export
          inputs: [teacher]
      """;

  private static final String BROKEN =
      """
      recipe: broken
      stages:
        - id: source
          kind: sourse
      """;

  /** An in-memory folder of recipe files; a missing file fails as a real one would. */
  private static final RecipeSource FILES =
      path -> {
        String text = Map.of("recipe.yaml", RECIPE, "broken.yaml", BROKEN).get(path);
        if (text == null) {
          throw new NoSuchFileException(path);
        }
        return text;
      };

  // ---- valid files ----

  @Test
  void validRecipeGetsDefaultsAndDefaultInputs() throws Exception {
    Recipe recipe = RecipeLoader.parseRecipe(RECIPE, "recipe.yaml");
    assertEquals("demo-arithmetic", recipe.name());
    assertEquals("small arithmetic set", recipe.description());
    assertEquals(
        List.of("source", "filter", "teacher", "export"),
        recipe.stages().stream().map(StageSpec::id).toList());
    StageSpec source = recipe.stage("source").orElseThrow();
    assertEquals(List.of(), source.inputs());
    assertEquals(
        "{\"count\":400,\"seed\":7,\"max_operand\":50,\"operations\":2,"
            + "\"source_name\":\"synthetic-arithmetic\"}",
        source.params().toString());
    StageSpec filter = recipe.stage("filter").orElseThrow();
    assertEquals(List.of("source"), filter.inputs());
    assertEquals(100000, filter.params().get("max_chars").intValue());
    StageSpec teacher = recipe.stage("teacher").orElseThrow();
    assertEquals(2, teacher.params().get("n").intValue());
    assertTrue(teacher.params().get("n").isIntegralNumber(), "2.0 is normalized to an integer");
    assertFalse(teacher.params().has("api_key_env"), "null defaults are omitted");
    assertEquals(8, teacher.params().get("concurrency").intValue());
    assertEquals(new RetrySpec(3, 30), teacher.retry());
    assertEquals(RetrySpec.DEFAULT, filter.retry());
    assertEquals(List.of("teacher"), recipe.stage("export").orElseThrow().inputs());
  }

  @Test
  void validSweepWithAnIncludedRecipe() throws Exception {
    Sweep sweep =
        RecipeLoader.parseSweep(
            """
            sweep: demo
            recipe: recipe.yaml
            parallelism: 2
            grid:
              stages.filter.keep: [0.25, 1]
              stages.teacher.n: [1, 2]
            """,
            "sweeps/demo.yaml",
            FILES);
    assertEquals("demo", sweep.name());
    assertEquals("demo-arithmetic", sweep.recipe().name());
    assertEquals(2, sweep.parallelism());
    assertEquals(
        List.of("stages.filter.keep", "stages.teacher.n"),
        sweep.grid().stream().map(Axis::path).toList());
    assertEquals("[0.25, 1]", sweep.grid().get(0).values().toString());
  }

  @Test
  void parseAnyTurnsARecipeIntoASingleExperimentSweep() throws Exception {
    Sweep sweep = RecipeLoader.parseAny(RECIPE, "recipe.yaml", FILES);
    assertEquals("demo-arithmetic", sweep.name());
    assertEquals(1, sweep.parallelism());
    assertEquals(List.of(), sweep.grid());
    Sweep inline =
        RecipeLoader.parseAny(
            """
            sweep: inline
            recipe:
              recipe: tiny
              stages:
                - id: gen
                  kind: synthetic-arithmetic
                  params: {count: 3}
            """,
            "inline.yaml",
            FILES);
    assertEquals(4, inline.parallelism());
    assertEquals("tiny", inline.recipe().name());
  }

  // ---- malformed files: message and exact line:column ----

  @Test
  void unknownTopLevelKey() {
    Problem p =
        recipe(
            """
            recipe: demo
            descripton: typo
            stages:
              - {id: a, kind: synthetic-arithmetic, params: {count: 1}}
            """);
    assertAt(p, 2, 1, "unknown key 'descripton' in recipe");
    assertTrue(p.hint().startsWith("did you mean 'description'?"), p.hint());
  }

  @Test
  void unknownStageKey() {
    // The typo is reported and, since params are then missing, so is the required count.
    RecipeException e =
        assertThrows(
            RecipeException.class,
            () ->
                RecipeLoader.parseRecipe(
                    """
                    recipe: demo
                    stages:
                      - id: a
                        kind: synthetic-arithmetic
                        param: {count: 1}
                    """,
                    "r.yaml"));
    assertEquals(2, e.problems().size(), e.getMessage());
    assertAt(e.problems().get(0), 3, 5, "stage 'a' is missing required param 'count'");
    assertAt(e.problems().get(1), 5, 5, "unknown key 'param' in stage");
    assertTrue(e.problems().get(1).hint().startsWith("did you mean 'params'?"));
  }

  @Test
  void missingStageIdAndKind() {
    RecipeException e =
        failing(
            """
            recipe: demo
            stages:
              - kind: synthetic-arithmetic
                params: {count: 1}
              - id: b
            """);
    assertEquals(2, e.problems().size(), e.getMessage());
    assertAt(e.problems().get(0), 3, 5, "stage #1 is missing required key 'id'");
    assertAt(e.problems().get(1), 5, 5, "stage 'b' is missing required key 'kind'");
  }

  /** A recipe whose first stage is {@code gen} (line 3), followed by {@code stages}. */
  private static String afterGen(String stages) {
    return "recipe: demo\nstages:\n  - {id: gen, kind: synthetic-arithmetic, params: {count: 1}}\n"
        + stages;
  }

  /** Recipes with one problem: the recipe, its line and column, message and hint (or null). */
  static Stream<Arguments> oneProblem() {
    return Stream.of(
        Arguments.of(
            "recipe: demo\n  stages: []\n",
            2,
            9,
            "YAML syntax error: mapping values are not allowed here",
            null),
        Arguments.of("- id: a\n", 1, 1, "a recipe must be a mapping, got a list", null),
        Arguments.of(
            "description: no name\nstages: [{id: a, kind: synthetic-arithmetic, params: {count: 1}}]\n",
            1,
            1,
            "the recipe is missing required key 'recipe'",
            null),
        Arguments.of("recipe: demo\n", 1, 1, "the recipe is missing required key 'stages'", null),
        Arguments.of("recipe: demo\nstages: []\n", 2, 9, "'stages' is empty", null),
        Arguments.of(
            "recipe: demo\nrecipe: again\nstages: [{id: gen, kind: synthetic-arithmetic}]\n",
            2,
            1,
            "duplicate key 'recipe'",
            null),
        Arguments.of(
            """
            recipe: demo
            stages:
              - id: gen
                kind: synthetic-arithmetic
                params: {count: four}
            """,
            5,
            21,
            "param 'count' of stage 'gen' must be an integer, got a string ('four')",
            "count: how many questions to generate"),
        // A fraction where an integer is expected; an integer where a number is fine.
        Arguments.of(
            """
            recipe: demo
            stages:
              - id: gen
                kind: synthetic-arithmetic
                params: {count: 4.5}
              - id: filter
                kind: filter-questions
                params: {keep: 1}
            """,
            5,
            21,
            "param 'count' of stage 'gen' must be an integer, got a number (4.5)",
            null),
        Arguments.of(
            afterGen("  - id: dd\n    kind: dedupe\n"),
            5,
            11,
            "unknown stage kind 'dedupe'",
            "did you mean 'dedup'? valid kinds: " + String.join(", ", StageKinds.names())),
        Arguments.of(
            afterGen("  - id: filter\n    kind: filter-questions\n    params:\n      kep: 0.5\n"),
            7,
            7,
            "unknown param 'kep' for stage kind 'filter-questions'",
            "did you mean 'keep'? valid params: min_chars, max_chars, keep, seed"),
        Arguments.of(
            afterGen(
                "  - id: teacher\n    kind: teacher\n    params:\n"
                    + "      base_url: http://localhost:8000/v1\n"),
            7,
            7,
            "stage 'teacher' is missing required param 'model'",
            null),
        Arguments.of(
            afterGen("  - id: gen\n    kind: dedup\n"),
            4,
            9,
            "duplicate stage id 'gen'",
            "stage ids must be unique; 'gen' is already used at line 3"),
        Arguments.of(
            afterGen("  - id: gen2\n    kind: dedup\n    retry: {max_attempts: 0}\n"),
            6,
            27,
            "'max_attempts' in the retry of stage 'gen2' must be an integer >= 1, got an integer"
                + " (0)",
            null));
  }

  @ParameterizedTest
  @MethodSource("oneProblem")
  void aRecipeWithOneProblemIsReportedAtItsPlace(
      String yaml, int line, int column, String message, String hint) {
    Problem p = recipe(yaml);
    assertAt(p, line, column, message);
    if (hint != null) {
      assertEquals(hint, p.hint());
    }
  }

  @Test
  void badAllowedValues() {
    RecipeException e =
        failing(
            """
            recipe: demo
            stages:
              - {id: gen, kind: synthetic-arithmetic, params: {count: 0}}
              - {id: dd, kind: dedup, params: {method: exct}}
              - {id: filter, kind: filter-questions, params: {keep: 1.5}}
            """);
    assertEquals(3, e.problems().size(), e.getMessage());
    assertAt(e.problems().get(0), 3, 59, "param 'count' of stage 'gen' must be at least 1, got 0");
    assertAt(
        e.problems().get(1),
        4,
        44,
        "param 'method' of stage 'dd' must be one of: exact, fuzzy, none, got 'exct'");
    assertEquals(
        "did you mean 'exact'? valid values: exact, fuzzy, none", e.problems().get(1).hint());
    assertAt(
        e.problems().get(2), 5, 57, "param 'keep' of stage 'filter' must be in (0, 1], got 1.5");
  }

  @Test
  void inputsNamingALaterOrUnknownStage() {
    RecipeException e =
        failing(
            """
            recipe: demo
            stages:
              - {id: gen, kind: synthetic-arithmetic, params: {count: 1}}
              - id: dd
                kind: dedup
                inputs: [filter]
              - id: filter
                kind: filter-questions
                inputs: [genn]
            """);
    assertEquals(2, e.problems().size(), e.getMessage());
    assertAt(e.problems().get(0), 6, 14, "stage 'dd' reads stage 'filter', which comes later");
    assertAt(e.problems().get(1), 9, 14, "stage 'filter' reads unknown stage 'genn'");
    assertEquals("did you mean 'gen'? valid earlier stages: gen, dd", e.problems().get(1).hint());
  }

  @Test
  void wrongNumberOfInputs() {
    RecipeException e =
        failing(
            """
            recipe: demo
            stages:
              - id: dd
                kind: dedup
              - {id: gen, kind: synthetic-arithmetic, params: {count: 1}}
              - id: other
                kind: source
                params: {path: s3://bucket/q.jsonl}
                inputs: [gen]
            """);
    assertEquals(2, e.problems().size(), e.getMessage());
    assertAt(
        e.problems().get(0),
        4,
        11,
        "stage 'dd' has 0 input(s), but stage kind 'dedup' needs exactly 1");
    assertAt(
        e.problems().get(1),
        9,
        13,
        "stage 'other' has 1 input(s), but stage kind 'source' takes none");
  }

  @Test
  void malformedGridPathsAndUnknownStagesAndParams() {
    RecipeException e =
        sweepFailing(
            """
            sweep: demo
            recipe: recipe.yaml
            grid:
              filter.keep: [0.5]
              stages.filtr.keep: [0.5]
              stages.filter.kep: [0.5]
            """);
    assertEquals(3, e.problems().size(), e.getMessage());
    assertAt(e.problems().get(0), "s.yaml", 4, 3, "malformed grid path 'filter.keep'");
    assertAt(
        e.problems().get(1),
        "s.yaml",
        5,
        3,
        "grid path 'stages.filtr.keep' names unknown stage 'filtr'");
    assertTrue(e.problems().get(1).hint().startsWith("did you mean 'filter'?"));
    assertAt(
        e.problems().get(2),
        "s.yaml",
        6,
        3,
        "grid path 'stages.filter.kep': stage kind 'filter-questions' has no param 'kep'");
  }

  @Test
  void badGridValuesAndParallelism() {
    RecipeException e =
        sweepFailing(
            """
            sweep: demo
            recipe: recipe.yaml
            parallelism: none
            grid:
              stages.filter.keep: []
              stages.teacher.n: [1, two]
              stages.teacher.model: tiny
            """);
    assertEquals(4, e.problems().size(), e.getMessage());
    assertAt(
        e.problems().get(0),
        "s.yaml",
        3,
        14,
        "'parallelism' must be an integer >= 1, got a string ('none')");
    assertAt(
        e.problems().get(1),
        "s.yaml",
        5,
        23,
        "grid axis 'stages.filter.keep' must be a non-empty list of values, got an empty list");
    assertAt(
        e.problems().get(2),
        "s.yaml",
        6,
        25,
        "grid value for 'stages.teacher.n' must be an integer, got a string ('two')");
    assertAt(
        e.problems().get(3),
        "s.yaml",
        7,
        25,
        "grid axis 'stages.teacher.model' must be a non-empty list of values,"
            + " got a string ('tiny')");
  }

  @Test
  void problemsInsideAnIncludedRecipeNameThatFile() {
    RecipeException e = sweepFailing("sweep: demo\nrecipe: broken.yaml\n");
    assertEquals(1, e.problems().size(), e.getMessage());
    assertAt(e.problems().get(0), "sweeps/broken.yaml", 4, 11, "unknown stage kind 'sourse'");
  }

  @Test
  void unreadableRecipeFile() {
    RecipeException e = sweepFailing("sweep: demo\nrecipe: missing.yaml\n");
    assertEquals(1, e.problems().size(), e.getMessage());
    assertAt(
        e.problems().get(0),
        "s.yaml",
        2,
        9,
        "cannot read recipe file 'missing.yaml': missing.yaml");
    assertEquals(
        "the path is relative to the folder of the sweep file", e.problems().get(0).hint());
  }

  @Test
  void badSweepNameAndMissingRecipe() {
    RecipeException e = sweepFailing("sweep: Demo Sweep\nparallelism: 2\n");
    assertEquals(2, e.problems().size(), e.getMessage());
    assertAt(e.problems().get(0), "s.yaml", 1, 1, "the sweep is missing required key 'recipe'");
    assertAt(e.problems().get(1), "s.yaml", 1, 8, "invalid sweep name 'Demo Sweep'");
  }

  @Test
  void budgetsAreParsedAndBadOnesPointAtTheEntry() throws Exception {
    Sweep sweep =
        RecipeLoader.parseSweep(
            """
            sweep: b
            recipe: recipe.yaml
            budget:
              https://api.example.com/v1: {tokens: 2000000, usd: 12.5}
            """,
            "sweeps/b.yaml",
            FILES);
    assertEquals(
        new Budget(2_000_000, 12_500_000), sweep.budgets().get("https://api.example.com/v1"));

    RecipeException e =
        sweepFailing(
            """
            sweep: b
            recipe: recipe.yaml
            budget:
              https://api.example.com/v1: {tokens: -5}
            """);
    assertEquals(1, e.problems().size(), e.getMessage());
    assertAt(
        e.problems().get(0),
        "s.yaml",
        4,
        31,
        "a budget needs tokens and/or usd, each greater than 0");
    assertTrue(e.problems().get(0).hint().contains("base_url"), e.problems().get(0).hint());
  }

  @Test
  void everyProblemIsReportedInFileOrderAndFormattedWithItsLocation() {
    RecipeException e =
        failing(
            """
            recipe: 3
            stages:
              - {id: Gen, kind: synthetic-arithmetic, params: {count: 1}}
              - {id: x, kind: nope}
            """);
    assertEquals(3, e.problems().size(), e.getMessage());
    assertEquals("r.yaml:1:9: 'recipe' must be a string, got an integer (3)", first(e, 0));
    assertEquals("r.yaml:3:10: invalid stage id 'Gen'", first(e, 1));
    assertEquals("r.yaml:4:19: unknown stage kind 'nope'", first(e, 2));
  }

  // ---- helpers ----

  private static String first(RecipeException e, int i) {
    return e.problems().get(i).format().lines().findFirst().orElseThrow();
  }

  private static RecipeException failing(String yaml) {
    return assertThrows(RecipeException.class, () -> RecipeLoader.parseRecipe(yaml, "r.yaml"));
  }

  private static RecipeException sweepFailing(String yaml) {
    return assertThrows(
        RecipeException.class, () -> RecipeLoader.parseSweep(yaml, "sweeps/s.yaml", FILES));
  }

  private static Problem recipe(String yaml) {
    return only(() -> RecipeLoader.parseRecipe(yaml, "r.yaml"));
  }

  private static Problem only(Executable parse) {
    RecipeException e = assertThrows(RecipeException.class, parse);
    assertEquals(1, e.problems().size(), e.getMessage());
    return e.problems().get(0);
  }

  private static void assertAt(Problem p, int line, int column, String message) {
    assertAt(p, "r.yaml", line, column, message);
  }

  private static void assertAt(Problem p, String file, int line, int column, String message) {
    String expectedFile = file.equals("s.yaml") ? "sweeps/s.yaml" : file;
    assertEquals(
        expectedFile + ":" + line + ":" + column + ": " + message,
        Places.of(p) + ": " + p.message(),
        p.format());
  }
}
