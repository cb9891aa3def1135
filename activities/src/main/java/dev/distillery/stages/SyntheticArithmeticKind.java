package dev.distillery.stages;

import static dev.distillery.recipe.ParamSpec.optional;
import static dev.distillery.recipe.ParamSpec.required;
import static dev.distillery.recipe.ParamType.INTEGER;
import static dev.distillery.recipe.ParamType.STRING;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.distillery.recipe.ParamRule;
import dev.distillery.recipe.ParamSpec;
import java.util.List;

/**
 * The {@code synthetic-arithmetic} stage kind: generates arithmetic questions with known answers.
 */
public final class SyntheticArithmeticKind implements StageKindDefinition {
  private static final JsonNodeFactory F = JsonNodeFactory.instance;

  private static final List<ParamSpec> PARAMS =
      List.of(
          required("count", INTEGER, "how many questions to generate"),
          optional("seed", INTEGER, F.numberNode(0), "random seed"),
          optional("max_operand", INTEGER, F.numberNode(50), "largest operand"),
          optional("operations", INTEGER, F.numberNode(2), "operations per question"),
          optional(
              "source_name",
              STRING,
              F.textNode("synthetic-arithmetic"),
              "source name written on every row"));

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
