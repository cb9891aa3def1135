package dev.distillery.stages;

import dev.distillery.recipe.Kind;
import dev.distillery.stages.core.Stage;
import dev.distillery.stages.core.StageEnvironment;

/** The {@code dedup} stage kind: removes duplicate questions. */
@Kind(
    name = "dedup",
    version = 3,
    minInputs = 1,
    maxInputs = 1,
    params = DedupParams.class,
    summary = "Removes duplicate questions")
public final class DedupKind implements StageKindDefinition {
  @Override
  public Stage stage(StageEnvironment environment) {
    return new DedupStage();
  }
}
