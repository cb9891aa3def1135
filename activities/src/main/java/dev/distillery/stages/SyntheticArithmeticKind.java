package dev.distillery.stages;

import dev.distillery.recipe.ParamRule;
import dev.distillery.recipe.ParamSpec;
import dev.distillery.recipe.ParamSpecs;
import java.util.List;

/**
 * The {@code synthetic-arithmetic} stage kind: generates arithmetic questions with known answers.
 */
public final class SyntheticArithmeticKind implements StageKindDefinition {
  private static final List<ParamSpec> PARAMS = ParamSpecs.of(SyntheticArithmeticParams.class);

  private static final List<ParamRule> RULES =
      List.of(
          ParamRule.atLeast("count", 1),
          ParamRule.atLeast("max_operand", 1),
          ParamRule.atLeast("operations", 1));

  @Override
  public String name() {
    return "synthetic-arithmetic";
  }

  @Override
  public int version() {
    return 1;
  }

  @Override
  public String summary() {
    return "Generates arithmetic questions with known answers";
  }

  @Override
  public int minInputs() {
    return 0;
  }

  @Override
  public int maxInputs() {
    return 0;
  }

  @Override
  public List<ParamSpec> params() {
    return PARAMS;
  }

  @Override
  public List<ParamRule> rules() {
    return RULES;
  }

  @Override
  public Stage stage(StageEnvironment environment) {
    return new SyntheticArithmeticStage();
  }
}
