package dev.distillery.stages;

import dev.distillery.recipe.Kind;
import dev.distillery.stages.core.Stage;
import dev.distillery.stages.core.StageEnvironment;

/**
 * The {@code synthetic-arithmetic} stage kind: generates arithmetic questions with known answers.
 */
@Kind(
    name = "synthetic-arithmetic",
    version = 1,
    minInputs = 0,
    maxInputs = 0,
    params = SyntheticArithmeticParams.class,
    summary = "Generates arithmetic questions with known answers")
public final class SyntheticArithmeticKind implements StageKindDefinition {
  @Override
  public Stage stage(StageEnvironment environment) {
    return new SyntheticArithmeticStage();
  }
}
