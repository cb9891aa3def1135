package dev.distillery.recipe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class IncludeTest {
  private static final String BASE_RECIPE =
      "recipe: base\ndescription: the shared base\n" + SeededStages.STAGES;

  private static final String BASE_SWEEP =
      """
      sweep: base
      recipe: recipe.yaml
      parallelism: 3
      grid:
        stages.filter.keep: [0.25, 0.5]
      budget:
        http://localhost:8000/v1: {tokens: 1000, usd: 2}
      """;

  /** Files by their path relative to the folder of the first file; records what was asked. */
  private final List<String> asked = new ArrayList<>();

  private RecipeSource files(Map<String, String> files) {
    return path -> {
      asked.add(path);
      String text = files.get(path);
      if (text == null) {
        throw new NoSuchFileException(path);
      }
      return text;
    };
  }

  @Test
  void aRecipeOverridesTheKeysOfTheRecipeItIncludesAndReplacesItsLists() throws Exception {
    Recipe recipe =
        RecipeLoader.parseRecipe(
            """
            include: base.yaml
            description: only a source
            stages:
              - id: gen
                kind: synthetic-arithmetic
                params: {count: 5}
            """,
            "recipes/r.yaml",
            files(Map.of("base.yaml", BASE_RECIPE)));
    assertEquals("base", recipe.name());
    assertEquals("only a source", recipe.description());
    assertEquals(List.of("gen"), recipe.stages().stream().map(StageSpec::id).toList());
  }

  @Test
  void aSweepDeepMergesTheMappingsOfTheSweepItIncludes() throws Exception {
    Sweep sweep =
        RecipeLoader.parseSweep(
            """
            include: base.yaml
            sweep: bigger
            grid:
              stages.filter.keep: [1]
              stages.teacher.n: [1, 2]
            budget:
              http://localhost:8000/v1: {usd: 5}
            """,
            "sweeps/s.yaml",
            files(Map.of("base.yaml", BASE_SWEEP, "recipe.yaml", BASE_RECIPE)));
    assertEquals("bigger", sweep.name());
    assertEquals(3, sweep.parallelism());
    assertEquals("base", sweep.recipe().name());
    assertEquals(
        List.of("stages.filter.keep", "stages.teacher.n"),
        sweep.grid().stream().map(Axis::path).toList());
    assertEquals("[1]", sweep.grid().get(0).values().toString());
    // The budget mapping merges key by key: tokens from the base, usd from the including file.
    assertEquals(new Budget(1000, 5_000_000), sweep.budgets().get("http://localhost:8000/v1"));
  }

  @Test
  void pathsAreRelativeToTheFileThatWritesThem() throws Exception {
    Sweep sweep =
        RecipeLoader.parseSweep(
            "include: common/base.yaml\nsweep: s\n",
            "sweeps/s.yaml",
            files(
                Map.of(
                    "common/base.yaml",
                    BASE_SWEEP,
                    "common/recipe.yaml",
                    "include: ../shared/r.yaml\n",
                    "shared/r.yaml",
                    BASE_RECIPE)));
    assertEquals("base", sweep.recipe().name());
    assertEquals(List.of("common/base.yaml", "common/recipe.yaml", "shared/r.yaml"), asked);
  }

  @Test
  void aRecipeThatOnlyIncludesIsStillARecipeForParseAny() throws Exception {
    Sweep sweep =
        RecipeLoader.parseAny(
            "include: base.yaml\nrecipe: mine\n",
            "r.yaml",
            files(Map.of("base.yaml", BASE_RECIPE)));
    assertEquals("mine", sweep.name());
    assertEquals(3, sweep.recipe().stages().size());
  }

  @Test
  void problemsPointAtTheFileAndLineThatWroteTheBadValue() {
    RecipeException e =
        assertThrows(
            RecipeException.class,
            () ->
                RecipeLoader.parseSweep(
                    """
                    include: base.yaml
                    grid:
                      stages.teacher.nn: [1]
                    """,
                    "sweeps/s.yaml",
                    files(
                        Map.of(
                            "base.yaml",
                            "sweep: b\nrecipe: recipe.yaml\nparallelism: zero\n",
                            "recipe.yaml",
                            BASE_RECIPE))));
    assertEquals(
        List.of(
            "sweeps/base.yaml:3:14: 'parallelism' must be an integer >= 1, got a string ('zero')",
            "sweeps/s.yaml:3:3: grid path 'stages.teacher.nn': stage kind 'teacher' has no param"
                + " 'nn'"),
        firstLines(e));
  }

  @Test
  void includeCyclesAreReportedWithTheWholeCycle() {
    RecipeException e =
        assertThrows(
            RecipeException.class,
            () ->
                RecipeLoader.parseSweep(
                    "include: a.yaml\nsweep: s\n",
                    "sweeps/s.yaml",
                    files(
                        Map.of(
                            "a.yaml", "include: b.yaml\n",
                            "b.yaml", "sweep: b\ninclude: ./a.yaml\n"))));
    assertEquals(
        List.of(
            "sweeps/b.yaml:2:10: include cycle: sweeps/a.yaml -> sweeps/b.yaml -> sweeps/a.yaml"),
        firstLines(e));
    RecipeException self =
        assertThrows(
            RecipeException.class,
            () -> RecipeLoader.parseRecipe("include: r.yaml\n", "r.yaml", files(Map.of())));
    assertEquals(List.of("r.yaml:1:10: include cycle: r.yaml -> r.yaml"), firstLines(self));
    RecipeException dotted =
        assertThrows(
            RecipeException.class,
            () -> RecipeLoader.parseRecipe("include: r.yaml\n", "./r.yaml", files(Map.of())));
    assertEquals(List.of("./r.yaml:1:10: include cycle: r.yaml -> r.yaml"), firstLines(dotted));
  }

  @Test
  void missingAndMalformedIncludesAreLocatedWithAFix() {
    RecipeException missing =
        assertThrows(
            RecipeException.class,
            () ->
                RecipeLoader.parseSweep(
                    "sweep: s\ninclude: nope.yaml\n", "sweeps/s.yaml", files(Map.of())));
    assertEquals(
        List.of("sweeps/s.yaml:2:10: cannot read included file 'nope.yaml': nope.yaml"),
        firstLines(missing));
    assertEquals(
        "the path is relative to the folder of sweeps/s.yaml", missing.problems().get(0).hint());

    RecipeException notAPath =
        assertThrows(
            RecipeException.class,
            () -> RecipeLoader.parseRecipe("include: [a.yaml]\n", "r.yaml", files(Map.of())));
    assertEquals(
        List.of("r.yaml:1:10: 'include' must be a file path, got a list"), firstLines(notAPath));

    RecipeException notAMapping =
        assertThrows(
            RecipeException.class,
            () ->
                RecipeLoader.parseRecipe(
                    "include: list.yaml\n", "r.yaml", files(Map.of("list.yaml", "- 1\n"))));
    assertEquals(
        List.of("r.yaml:1:10: included file 'list.yaml' must be a mapping, got a list"),
        firstLines(notAMapping));

    RecipeException noSource =
        assertThrows(
            RecipeException.class, () -> RecipeLoader.parseRecipe("include: b.yaml\n", "r.yaml"));
    assertEquals(1, noSource.problems().size(), noSource.getMessage());
  }

  private static List<String> firstLines(RecipeException e) {
    return e.problems().stream().map(p -> p.format().lines().findFirst().orElseThrow()).toList();
  }
}
