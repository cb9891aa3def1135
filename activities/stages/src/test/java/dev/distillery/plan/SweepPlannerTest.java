package dev.distillery.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.distillery.recipe.RecipeException;
import dev.distillery.recipe.RecipeLoader;
import dev.distillery.recipe.SeededStages;
import dev.distillery.recipe.Sweep;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class SweepPlannerTest {
  /** A recipe whose source, filter and teacher take a seed; shared by the plan tests. */
  static final String RECIPE =
      "recipe: demo\n"
          + SeededStages.STAGES
          + """
            - id: export
              kind: export
          """;

  private static Sweep sweep(String yaml) throws RecipeException {
    return RecipeLoader.parseSweep(yaml, "sweep.yaml", Map.of("recipe.yaml", RECIPE)::get);
  }

  private static final String GRID_2X2 =
      """
      sweep: demo
      recipe: recipe.yaml
      grid:
        stages.filter.keep: [0.25, 0.50]
        stages.teacher.n: [1, 2]
      """;

  @Test
  void zipAxesVaryTogetherAsOneDimensionOfTheGrid() throws Exception {
    SweepPlan plan =
        SweepPlanner.plan(
            sweep(
                """
                sweep: z
                recipe: recipe.yaml
                grid:
                  stages.filter.keep: [0.25, 0.5]
                zip:
                  stages.teacher.n: [1, 4, 16]
                  stages.teacher.temperature: [0.6, 0.8, 1.0]
                """));
    assertEquals(
        List.of(
            "keep-0.25_n-1_temperature-0.6",
            "keep-0.25_n-4_temperature-0.8",
            "keep-0.25_n-16_temperature-1",
            "keep-0.5_n-1_temperature-0.6",
            "keep-0.5_n-4_temperature-0.8",
            "keep-0.5_n-16_temperature-1"),
        plan.experiments().stream().map(ExperimentPlan::name).toList());
    PlannedStage teacher = plan.experiments().get(2).stages().get(2);
    assertEquals(16, teacher.params().get("n").asInt());
    assertEquals(1.0, teacher.params().get("temperature").asDouble());
  }

  @Test
  void zipAxesOfUnequalLengthAreReportedAtTheShorterOne() {
    RecipeException e =
        org.junit.jupiter.api.Assertions.assertThrows(
            RecipeException.class,
            () ->
                sweep(
                    """
                    sweep: z
                    recipe: recipe.yaml
                    zip:
                      stages.teacher.n: [1, 4, 16]
                      stages.teacher.temperature: [0.6, 0.8]
                    """));
    assertEquals(1, e.problems().size(), e.getMessage());
    assertEquals(
        "sweep.yaml:5:3: zip axis 'stages.teacher.temperature' has 2 values but"
            + " 'stages.teacher.n' has 3",
        e.problems().get(0).format().lines().findFirst().orElseThrow());
  }

  @Test
  void explicitExperimentsOverrideParamsByDottedPathAndShareStagesWithTheBase() throws Exception {
    SweepPlan plan =
        SweepPlanner.plan(
            sweep(
                """
                sweep: e
                recipe: recipe.yaml
                experiments:
                  - name: base
                  - name: big-n
                    set: {stages.teacher.n: 16, stages.teacher.temperature: 0.7}
                  - name: long-only
                    set: {stages.filter.keep: 0.25}
                """));
    assertEquals(
        List.of("base", "big-n", "long-only"),
        plan.experiments().stream().map(ExperimentPlan::name).toList());
    PlannedStage bigTeacher = plan.experiments().get(1).stages().get(2);
    assertEquals(16, bigTeacher.params().get("n").asInt());
    assertEquals(0.7, bigTeacher.params().get("temperature").asDouble());
    assertEquals(
        plan.experiments().get(0).stages().get(1).key(),
        plan.experiments().get(1).stages().get(1).key(),
        "big-n changes only the teacher, so it shares the filter with the base");
    assertNotEquals(
        plan.experiments().get(0).stages().get(1).key(),
        plan.experiments().get(2).stages().get(1).key());
    assertEquals(Map.of("stages.filter.keep", "0.25"), plan.experiments().get(2).axisValues());
  }

  @Test
  void badExplicitExperimentsAreReportedWithTheirPlace() {
    RecipeException e =
        org.junit.jupiter.api.Assertions.assertThrows(
            RecipeException.class,
            () ->
                sweep(
                    """
                    sweep: e
                    recipe: recipe.yaml
                    experiments:
                      - name: a
                        set: {stages.teacher.nn: 2}
                      - name: a
                    """));
    List<String> lines =
        e.problems().stream().map(p -> p.format().lines().findFirst().orElseThrow()).toList();
    assertEquals(2, lines.size(), e.getMessage());
    assertTrue(
        lines.get(0).startsWith("sweep.yaml:5:11: experiment path 'stages.teacher.nn'"),
        lines.get(0));
    assertEquals("sweep.yaml:6:11: experiment name 'a' is used twice", lines.get(1));
  }

  @Test
  void aTwoByTwoGridGivesFourNamedExperimentsFirstAxisSlowest() throws Exception {
    SweepPlan plan = SweepPlanner.plan(sweep(GRID_2X2));
    assertEquals("demo", plan.sweep());
    assertEquals("demo", plan.recipe());
    assertEquals(4, plan.parallelism());
    assertEquals(
        List.of("keep-0.25_n-1", "keep-0.25_n-2", "keep-0.5_n-1", "keep-0.5_n-2"),
        plan.experiments().stream().map(ExperimentPlan::name).toList());
    assertEquals(
        Map.of("stages.filter.keep", "0.5", "stages.teacher.n", "2"),
        plan.experiments().get(3).axisValues());
    assertEquals(
        List.of("stages.filter.keep", "stages.teacher.n"),
        List.copyOf(plan.experiments().get(3).axisValues().keySet()));
  }

  @Test
  void unchangedStagesShareKeysAndEverythingDownstreamOfAChangeDiffers() throws Exception {
    List<ExperimentPlan> experiments = SweepPlanner.plan(sweep(GRID_2X2)).experiments();
    assertEquals(1, distinctKeys(experiments, 0), "the source never changes");
    assertEquals(2, distinctKeys(experiments, 1), "the filter varies with keep only");
    assertEquals(4, distinctKeys(experiments, 2), "the teacher varies with keep and n");
    assertEquals(4, distinctKeys(experiments, 3), "export is downstream of both");
    ExperimentPlan a = experiments.get(0);
    ExperimentPlan b = experiments.get(1);
    assertEquals(a.stages().get(1).key(), b.stages().get(1).key());
    assertNotEquals(a.stages().get(2).key(), b.stages().get(2).key());
    assertEquals(1 + 2 + 4 + 4, SweepPlanner.uniqueStages(SweepPlanner.plan(sweep(GRID_2X2))));
  }

  @Test
  void stagesReadTheirInputsByReferenceAndCarryAxisValues() throws Exception {
    ExperimentPlan last = SweepPlanner.plan(sweep(GRID_2X2)).experiments().get(3);
    PlannedStage filter = last.stages().get(1);
    PlannedStage teacher = last.stages().get(2);
    assertEquals(List.of(last.stages().get(0).ref()), filter.inputs());
    assertEquals(List.of(filter.ref()), teacher.inputs());
    assertEquals(0.5, filter.params().get("keep").doubleValue());
    assertEquals(2, teacher.params().get("n").intValue());
    assertEquals(8, teacher.params().get("concurrency").intValue(), "tuning params are kept");
    assertEquals(64, teacher.key().length());
  }

  @Test
  void planningIsDeterministic() throws Exception {
    assertEquals(SweepPlanner.plan(sweep(GRID_2X2)), SweepPlanner.plan(sweep(GRID_2X2)));
  }

  @Test
  void noGridGivesOneBaseExperiment() throws Exception {
    SweepPlan plan = SweepPlanner.plan(RecipeLoader.parseAny(RECIPE, "recipe.yaml", p -> ""));
    assertEquals(1, plan.experiments().size());
    assertEquals("base", plan.experiments().get(0).name());
    assertEquals(Map.of(), plan.experiments().get(0).axisValues());
    assertEquals(4, SweepPlanner.uniqueStages(plan));
  }

  @Test
  void axesSharingAParamNameAreLabelledWithTheirStageAndStringsAreSanitized() throws Exception {
    SweepPlan plan =
        SweepPlanner.plan(
            sweep(
                """
                sweep: seeds
                recipe: recipe.yaml
                grid:
                  stages.source.seed: [1]
                  stages.filter.seed: [2]
                  stages.teacher.model: ["org/model v2"]
                """));
    assertEquals(
        "source.seed-1_filter.seed-2_model-org_model_v2", plan.experiments().get(0).name());
    assertEquals(
        "org/model v2", plan.experiments().get(0).axisValues().get("stages.teacher.model"));
  }

  @Test
  void namesStayUniqueWhenSanitizingMakesThemEqual() throws Exception {
    SweepPlan plan =
        SweepPlanner.plan(
            sweep(
                """
                sweep: models
                recipe: recipe.yaml
                grid:
                  stages.teacher.model: ["a b", "a/b"]
                """));
    assertEquals(
        List.of("model-a_b", "model-a_b-2"),
        plan.experiments().stream().map(ExperimentPlan::name).toList());
  }

  /**
   * Expanding one experiment at a time shares a stage with the previous experiment when nothing it
   * depends on moved: every experiment must still get stages with its own values, keys that follow
   * from its own params and inputs, whichever dimension moved (a tuning param among them).
   */
  @Test
  void expandingOneAtATimeGivesEachExperimentItsOwnStages() throws Exception {
    Sweep sweep =
        sweep(
            """
            sweep: mixed
            recipe: recipe.yaml
            grid:
              stages.teacher.concurrency: [4, 8]
              stages.source.count: [10, 20]
            zip:
              stages.filter.keep: [0.25, 0.5, 0.75]
              stages.filter.min_chars: [1, 2, 1]
            experiments:
              - {name: plain}
              - {name: big-n, set: {stages.teacher.n: 16}}
            seeds: {stages: [teacher], values: [0, 100]}
            """);
    SweepExpansion expansion = SweepPlanner.expand(sweep, ParamResolver.NONE);
    int seen = 0;
    for (ExperimentPlan e : expansion) {
      seen++;
      Map<String, PlannedStage> byId = new java.util.HashMap<>();
      for (PlannedStage stage : e.stages()) {
        List<String> inputKeys = stage.inputs().stream().map(StageRef::key).toList();
        assertEquals(
            ContentAddress.key(stage.kind(), stage.kindVersion(), stage.params(), inputKeys),
            stage.key(),
            e.name() + "/" + stage.id());
        if (!byId.isEmpty()) {
          assertEquals(List.of(e.stages().get(byId.size() - 1).ref()), stage.inputs());
        }
        byId.put(stage.id(), stage);
      }
      e.axisValues()
          .forEach(
              (path, value) -> {
                String[] parts =
                    path.equals("seed") ? new String[] {"", "teacher", "seed"} : path.split("\\.");
                assertEquals(
                    value,
                    SweepPlanner.render(byId.get(parts[1]).params().get(parts[2])),
                    e.name() + ": " + path);
              });
      assertEquals(
          e.name().contains("big-n") ? 16 : 1,
          byId.get("teacher").params().path("n").asInt(1),
          e.name());
    }
    assertEquals(2 * 2 * 3 * 2 * 2, seen);
    assertEquals(seen, expansion.size());
    assertEquals(SweepPlanner.plan(sweep).experiments(), expansion.toPlan().experiments());
  }

  /** The count is a product, known before anything is expanded, and saturates past a long. */
  @Test
  void countingNeedsNoExpansion() throws Exception {
    String values =
        java.util.stream.IntStream.rangeClosed(1, 1000)
            .mapToObj(Integer::toString)
            .collect(Collectors.joining(", ", "[", "]"));
    StringBuilder grid = new StringBuilder("sweep: big\nrecipe: recipe.yaml\ngrid:\n");
    for (String path :
        List.of(
            "stages.source.count",
            "stages.source.seed",
            "stages.filter.min_chars",
            "stages.filter.max_chars",
            "stages.filter.seed",
            "stages.teacher.max_tokens",
            "stages.teacher.n")) {
      grid.append("  ").append(path).append(": ").append(values).append('\n');
      Sweep sweep = sweep(grid.toString());
      long expected = (long) Math.pow(1000, sweep.grid().size());
      assertEquals(
          sweep.grid().size() > 6 ? Long.MAX_VALUE : expected,
          SweepPlanner.count(sweep),
          sweep.grid().size() + " axes of 1000");
    }
  }

  private static int distinctKeys(List<ExperimentPlan> experiments, int stage) {
    Set<String> keys =
        experiments.stream().map(e -> e.stages().get(stage).key()).collect(Collectors.toSet());
    return keys.size();
  }
}
