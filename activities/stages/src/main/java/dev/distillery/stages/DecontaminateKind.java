package dev.distillery.stages;

import dev.distillery.recipe.Kind;
import dev.distillery.stages.core.Stage;
import dev.distillery.stages.core.StageEnvironment;

/**
 * The {@code decontaminate} stage kind: drops questions that are near copies of benchmark
 * questions.
 */
@Kind(
    name = "decontaminate",
    version = 5,
    minInputs = 1,
    maxInputs = 1,
    params = DecontaminateParams.class,
    summary = "Drops questions that are near copies of benchmark questions")
public final class DecontaminateKind implements StageKindDefinition {
  @Override
  public Stage stage(StageEnvironment environment) {
    return new DecontaminateStage();
  }
}
