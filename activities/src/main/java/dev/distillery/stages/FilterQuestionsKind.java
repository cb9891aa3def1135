package dev.distillery.stages;

import dev.distillery.recipe.ParamRule;
import dev.distillery.recipe.ParamSpec;
import dev.distillery.recipe.ParamSpecs;
import java.util.List;

/** The {@code filter-questions} stage kind: filters questions by length and keeps a fraction. */
public final class FilterQuestionsKind implements StageKindDefinition {
  private static final List<ParamSpec> PARAMS = ParamSpecs.of(FilterQuestionsParams.class);

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
