package dev.distillery.stages;

import dev.distillery.recipe.Kind;
import dev.distillery.recipe.ParamRule;
import java.util.List;

/**
 * The {@code generate-questions} stage kind: writes new questions with a model, from seed questions
 * or topics.
 */
@Kind(
    name = "generate-questions",
    version = 2,
    minInputs = 0,
    maxInputs = 1,
    params = GenerateQuestionsParams.class,
    summary = "Writes new questions with a model, from seed questions or topics")
public final class GenerateQuestionsKind implements StageKindDefinition {
  private static final List<ParamRule> RULES =
      List.of(
          ParamRule.endpointUrl("base_url"),
          ParamRule.template("prompt_template", List.of("seed", "topic", "domain"), null),
          ParamRule.atLeast("per_seed", 1),
          ParamRule.atLeast("max_tokens", 1),
          ParamRule.nonNegative("temperature"),
          ParamRule.atLeast("min_chars", 0),
          ParamRule.atLeast("max_chars", 1),
          ParamRule.atLeast("concurrency", 1));

  @Override
  public List<ParamRule> rules() {
    return RULES;
  }

  @Override
  public Stage stage(StageEnvironment environment) {
    return new GenerateQuestionsStage();
  }
}
