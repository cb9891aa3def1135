package dev.distillery.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.distillery.recipe.RetrySpec;
import dev.distillery.recipe.StageTraits;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A stage plan carries the traits its kind gave it when planned, and a plan recorded before plans
 * carried traits still reads, with the traits the built-in kinds decided then, so that its
 * histories replay.
 */
class PlannedStageTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void plannedTraitsSurviveARoundTrip() throws Exception {
    PlannedStage stage =
        new PlannedStage(
            "filter",
            "company-filter",
            1,
            "k",
            JSON.createObjectNode(),
            List.of(),
            RetrySpec.DEFAULT,
            StageTraits.GPU);

    PlannedStage read = JSON.readValue(JSON.writeValueAsString(stage), PlannedStage.class);

    assertEquals(StageTraits.GPU, read.traits());
  }

  @Test
  void aPlanRecordedWithoutTraitsReadsWithTheTraitsOfThatTime() throws Exception {
    PlannedStage eval =
        new PlannedStage(
            "eval",
            "eval",
            1,
            "k",
            JSON.createObjectNode().put("serve", "vllm serve {model}"),
            List.of(),
            RetrySpec.EVALUATION,
            StageTraits.NONE);
    ObjectNode old = JSON.valueToTree(eval);
    old.remove("traits");

    assertEquals(StageTraits.GPU, JSON.treeToValue(old, PlannedStage.class).traits());
    old.set("params", JSON.createObjectNode());
    assertEquals(StageTraits.SHARDED, JSON.treeToValue(old, PlannedStage.class).traits());
  }
}
