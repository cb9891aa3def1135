package dev.distillery.stages;

import static dev.distillery.recipe.ParamSpec.optional;
import static dev.distillery.recipe.ParamType.INTEGER;
import static dev.distillery.recipe.ParamType.NUMBER;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.distillery.recipe.ParamRule;
import dev.distillery.recipe.ParamSpec;
import java.util.List;

/** The {@code filter-questions} stage kind: filters questions by length and keeps a fraction. */
public final class FilterQuestionsKind implements StageKindDefinition {
  private static final JsonNodeFactory F = JsonNodeFactory.instance;

  private static final List<ParamSpec> PARAMS =
      List.of(
          optional("min_chars", INTEGER, F.numberNode(0), "shortest question kept"),
          optional("max_chars", INTEGER, F.numberNode(100000), "longest question kept"),
          optional(
              "keep",
              NUMBER,
              F.numberNode(1.0),
              "fraction of questions kept, in (0, 1], longest first"),
          optional("seed", INTEGER, F.numberNode(0), "random seed"));

  private static final List<ParamRule> RULES =
      List.of(
          ParamRule.atLeast("min_chars", 0),
          ParamRule.atLeast("max_chars", 1),
          ParamRule.fraction("keep"));

  @Override
  public String name() {
    return "filter-questions";
  }

  @Override
  public int version() {
    return 1;
  }

  @Override
  public String summary() {
    return "Filters questions by length and keeps a fraction";
  }

  @Override
  public int minInputs() {
    return 1;
  }

  @Override
  public int maxInputs() {
    return 1;
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
    return new FilterQuestionsStage();
  }
}
