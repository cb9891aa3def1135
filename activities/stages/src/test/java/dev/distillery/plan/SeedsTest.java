package dev.distillery.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.distillery.recipe.RecipeException;
import dev.distillery.recipe.RecipeLoader;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class SeedsTest {
  private static final String RECIPE = SweepPlannerTest.RECIPE;

  /** A source stage reading {@code questions.jsonl}, which takes no seed. */
  private static final String FILE_SOURCE =
      """
      stages:
        - id: source
          kind: source
          params: {path: questions.jsonl}
      """;

  /** Stages that take a seed: filter only; source and dedup are upstream of it. */
  private static final String FILE_RECIPE =
      "recipe: from-file\n"
          + FILE_SOURCE
          + """
            - id: dedup
              kind: dedup
            - id: filter
              kind: filter-questions
            - id: export
              kind: export
          """;

  private static final String NO_SEED_RECIPE =
      "recipe: no-seed\n"
          + FILE_SOURCE
          + """
            - id: export
              kind: export
          """;

  /** Sweep {@code s} over {@code recipe.yaml} ({@link #RECIPE}), with {@code keys} after those. */
  private static String overRecipe(String keys) {
    return "sweep: s\nrecipe: recipe.yaml\n" + keys;
  }

  private static SweepPlan plan(String yaml) throws RecipeException {
    return SweepPlanner.plan(parse(yaml));
  }

  private static dev.distillery.recipe.Sweep parse(String yaml) throws RecipeException {
    return RecipeLoader.parseSweep(
        yaml,
        "sweep.yaml",
        Map.of("recipe.yaml", RECIPE, "file.yaml", FILE_RECIPE, "none.yaml", NO_SEED_RECIPE)::get);
  }

  private static List<String> names(SweepPlan plan) {
    return plan.experiments().stream().map(ExperimentPlan::name).toList();
  }

  private static PlannedStage stage(ExperimentPlan experiment, String id) {
    return experiment.stages().stream().filter(s -> s.id().equals(id)).findFirst().orElseThrow();
  }

  private static Set<String> keys(SweepPlan plan, String id) {
    return plan.experiments().stream().map(e -> stage(e, id).key()).collect(Collectors.toSet());
  }

  @Test
  void seedsMultiplyEveryExperimentAndComeLastInTheName() throws Exception {
    SweepPlan plan =
        plan(
            overRecipe(
                """
            grid:
              stages.filter.keep: [0.25, 0.5]
            seeds: {stages: [teacher], values: [3, 1]}
            """));
    assertEquals(
        List.of("keep-0.25_seed-3", "keep-0.25_seed-1", "keep-0.5_seed-3", "keep-0.5_seed-1"),
        names(plan));
    assertEquals(
        Map.of("stages.filter.keep", "0.5", "seed", "1"), plan.experiments().get(3).axisValues());
    assertEquals(
        List.of("stages.filter.keep", "seed"),
        List.copyOf(plan.experiments().get(3).axisValues().keySet()));
    assertEquals(1, stage(plan.experiments().get(3), "teacher").params().get("seed").asInt());
  }

  @Test
  void onlyTheSeededStagesAndWhatFollowsThemGetNewKeys() throws Exception {
    SweepPlan plan =
        plan(
            overRecipe(
                """
            seeds: {stages: [teacher], values: [1, 2, 3]}
            """));
    assertEquals(List.of("seed-1", "seed-2", "seed-3"), names(plan));
    assertEquals(1, keys(plan, "source").size());
    assertEquals(1, keys(plan, "filter").size());
    assertEquals(3, keys(plan, "teacher").size());
    assertEquals(3, keys(plan, "export").size());
    assertEquals(7, stage(plan.experiments().get(0), "source").params().get("seed").asInt());

    // The seed reaches the stage exactly as if the recipe had written it.
    SweepPlan written =
        SweepPlanner.plan(
            RecipeLoader.parseAny(
                RECIPE.replace("model: tiny}", "model: tiny, seed: 2}"), "r.yaml", p -> ""));
    assertEquals(
        stage(written.experiments().get(0), "teacher").key(),
        stage(plan.experiments().get(1), "teacher").key());
  }

  @Test
  void withoutStagesTheSeedGoesIntoEveryStageThatTakesOne() throws Exception {
    SweepPlan plan = plan(overRecipe("seeds: [5, 6]\n"));
    for (String id : List.of("source", "filter", "teacher")) {
      assertEquals(6, stage(plan.experiments().get(1), id).params().get("seed").asInt(), id);
      assertEquals(2, keys(plan, id).size(), id);
    }

    SweepPlan fromFile = plan("sweep: s\nrecipe: file.yaml\nrepeats: 2\n");
    assertEquals(List.of("seed-0", "seed-1"), names(fromFile));
    assertEquals(1, keys(fromFile, "source").size());
    assertEquals(1, keys(fromFile, "dedup").size());
    assertEquals(2, keys(fromFile, "filter").size());
    assertEquals(2, keys(fromFile, "export").size());
  }

  @Test
  void repeatsAreSeedsFromZeroAndExpansionIsDeterministic() throws Exception {
    String yaml =
        overRecipe(
            """
        zip:
          stages.teacher.n: [1, 4]
        experiments:
          - {name: base}
          - {name: hot, set: {stages.teacher.temperature: 1.5}}
        repeats: 3
        """);
    SweepPlan plan = plan(yaml);
    assertEquals(12, plan.experiments().size());
    assertEquals(
        List.of("n-1_base_seed-0", "n-1_base_seed-1", "n-1_base_seed-2", "n-1_hot_seed-0"),
        names(plan).subList(0, 4));
    SweepPlan again = plan(yaml);
    assertEquals(names(plan), names(again));
    for (int i = 0; i < plan.experiments().size(); i++) {
      assertEquals(
          stage(plan.experiments().get(i), "export").key(),
          stage(again.experiments().get(i), "export").key());
    }
  }

  @Test
  void aSeedParamOnAGridAxisIsLabelledByItsStage() throws Exception {
    SweepPlan plan =
        plan(
            overRecipe(
                """
            grid:
              stages.source.seed: [7, 8]
            seeds: {stages: [teacher], values: [1]}
            """));
    assertEquals(List.of("source.seed-7_seed-1", "source.seed-8_seed-1"), names(plan));
    assertNotEquals(
        stage(plan.experiments().get(0), "source").key(),
        stage(plan.experiments().get(1), "source").key());
  }

  @Test
  void badSeedsAreLocatedWithAFix() {
    assertEquals(
        List.of("sweep.yaml:4:1: 'seeds' and 'repeats' are both set"),
        problems(overRecipe("seeds: [1]\nrepeats: 2\n")));
    assertEquals(
        List.of("sweep.yaml:3:10: 'repeats' must be an integer >= 1, got an integer (0)"),
        problems(overRecipe("repeats: 0\n")));
    assertEquals(
        List.of(
            "sweep.yaml:3:12: seed 1 is listed twice",
            "sweep.yaml:3:15: a seed must be an integer >= 0, got a string ('x')"),
        problems(overRecipe("seeds: [1, 1, x]\n")));
    assertEquals(
        List.of("sweep.yaml:3:8: 'seeds' must be a non-empty list of integers, got an empty list"),
        problems(overRecipe("seeds: []\n")));
    assertEquals(
        List.of(
            "sweep.yaml:3:18: 'seeds.stages' names unknown stage 'teachr'",
            "sweep.yaml:3:26: stage 'export' (kind 'export') takes no 'seed' param"),
        problems(overRecipe("seeds: {stages: [teachr, export], values: [1]}\n")));
    assertEquals(
        List.of(
            "sweep.yaml:3:1: no stage of the recipe takes a 'seed' param, so 'repeats' has"
                + " nothing to vary"),
        problems("sweep: s\nrecipe: none.yaml\nrepeats: 2\n"));
    assertEquals(
        List.of("sweep.yaml:4:3: 'stages.teacher.seed' is set here and also by 'seeds'"),
        problems(
            overRecipe(
                """
            grid:
              stages.teacher.seed: [1, 2]
            seeds: [3]
            """)));
  }

  @Test
  void hintsNameTheFix() {
    RecipeException unknown =
        assertThrows(
            RecipeException.class,
            () -> parse(overRecipe("seeds: {stages: [teachr], values: [1]}\n")));
    assertEquals(
        "did you mean 'teacher'? valid stages: source, filter, teacher, export",
        unknown.problems().get(0).hint());
    RecipeException none =
        assertThrows(
            RecipeException.class, () -> parse("sweep: s\nrecipe: none.yaml\nseeds: [1]\n"));
    String hint = none.problems().get(0).hint();
    assertTrue(hint.startsWith("stages of kind synthetic-arithmetic, "), hint);
    assertTrue(
        hint.endsWith(" teacher, train, eval take a seed; add one to the recipe or remove 'seeds'"),
        hint);
  }

  private static List<String> problems(String yaml) {
    RecipeException e = assertThrows(RecipeException.class, () -> parse(yaml));
    return e.problems().stream().map(p -> p.format().lines().findFirst().orElseThrow()).toList();
  }
}
