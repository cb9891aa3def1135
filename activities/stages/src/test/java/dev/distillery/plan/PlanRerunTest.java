package dev.distillery.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.distillery.recipe.RecipeLoader;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PlanRerunTest {
  private static final String RECIPE = SweepPlannerTest.RECIPE;

  private static SweepPlan plan() throws Exception {
    return SweepPlanner.plan(
        RecipeLoader.parseSweep(
            """
            sweep: demo
            recipe: recipe.yaml
            grid:
              stages.filter.keep: [0.25, 0.50]
            """,
            "sweep.yaml",
            Map.of("recipe.yaml", RECIPE)::get));
  }

  @Test
  void theStageAndEverythingDownstreamGetNewAddressesUpstreamKeepsTheirs() throws Exception {
    SweepPlan before = plan();
    SweepPlan after = PlanRerun.from(before, "teacher", Set.of("keep-0.25"));

    ExperimentPlan old = before.experiments().get(0);
    ExperimentPlan now = after.experiments().get(0);
    assertEquals("keep-0.25", now.name());
    assertEquals(old.stages().get(0).key(), now.stages().get(0).key(), "source");
    assertEquals(old.stages().get(1).key(), now.stages().get(1).key(), "filter");
    assertNotEquals(old.stages().get(2).key(), now.stages().get(2).key(), "teacher");
    assertNotEquals(old.stages().get(3).key(), now.stages().get(3).key(), "export");
    assertEquals(now.stages().get(2).ref(), now.stages().get(3).inputs().get(0));
    assertEquals(1, now.stages().get(2).params().get(PlanRerun.PARAM).asInt());
    assertEquals(before.experiments().get(1), after.experiments().get(1), "not chosen");

    SweepPlan twice = PlanRerun.from(after, "teacher", Set.of());
    assertEquals(2, twice.experiments().get(0).stages().get(2).params().get("rerun").asInt());
    assertNotEquals(now.stages().get(2).key(), twice.experiments().get(0).stages().get(2).key());
  }

  @Test
  void anUnknownStageOrExperimentIsAClearError() throws Exception {
    IllegalArgumentException stage =
        assertThrows(
            IllegalArgumentException.class, () -> PlanRerun.from(plan(), "teachr", Set.of()));
    assertTrue(stage.getMessage().contains("no chosen experiment"), stage.getMessage());
    IllegalArgumentException experiment =
        assertThrows(
            IllegalArgumentException.class,
            () -> PlanRerun.from(plan(), "teacher", Set.of("keep-9")));
    assertTrue(experiment.getMessage().contains("no experiment 'keep-9'"), experiment.getMessage());
  }
}
