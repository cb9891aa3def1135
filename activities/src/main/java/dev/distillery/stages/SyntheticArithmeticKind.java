package dev.distillery.stages;

import dev.distillery.recipe.Kind;
import dev.distillery.recipe.ParamRule;
import java.util.List;

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
  private static final List<ParamRule> RULES =
      List.of(
          ParamRule.atLeast("count", 1),
          ParamRule.atLeast("max_operand", 1),
          ParamRule.atLeast("operations", 1));

  @Override
  public List<ParamRule> rules() {
    return RULES;
  }

  @Override
  public Stage stage(StageEnvironment environment) {
    return new SyntheticArithmeticStage();
  }
}
