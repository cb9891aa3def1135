package dev.distillery.stages;

import com.fasterxml.jackson.databind.JsonNode;
import dev.distillery.recipe.Kind;
import dev.distillery.recipe.StageTraits;
import dev.distillery.stages.core.Stage;
import dev.distillery.stages.core.StageEnvironment;

/** The {@code teacher} stage kind: asks a teacher model to answer every question. */
@Kind(
    name = "teacher",
    version = 2,
    minInputs = 1,
    maxInputs = 1,
    params = TeacherParams.class,
    summary = "Asks a teacher model to answer every question")
public final class TeacherKind implements StageKindDefinition {
  /** Always in shards on the LLM task queue. */
  @Override
  public StageTraits traits(JsonNode params) {
    return StageTraits.SHARDED;
  }

  @Override
  public Stage stage(StageEnvironment environment) {
    return new TeacherStage();
  }
}
