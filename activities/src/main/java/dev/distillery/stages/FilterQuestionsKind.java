package dev.distillery.stages;

import dev.distillery.recipe.Kind;
import dev.distillery.recipe.ParamRule;
import java.util.List;

/** The {@code filter-questions} stage kind: filters questions by length and keeps a fraction. */
@Kind(
    name = "filter-questions",
    version = 1,
    minInputs = 1,
    maxInputs = 1,
    params = FilterQuestionsParams.class,
    summary = "Filters questions by length and keeps a fraction")
public final class FilterQuestionsKind implements StageKindDefinition {
  private static final List<ParamRule> RULES =
      List.of(
          ParamRule.atLeast("min_chars", 0),
          ParamRule.atLeast("max_chars", 1),
          ParamRule.fraction("keep"));

  @Override
  public List<ParamRule> rules() {
    return RULES;
  }

  @Override
  public Stage stage(StageEnvironment environment) {
    return new FilterQuestionsStage();
  }
}
