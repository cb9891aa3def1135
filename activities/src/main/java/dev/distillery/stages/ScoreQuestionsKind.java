package dev.distillery.stages;

import dev.distillery.recipe.Kind;
import dev.distillery.recipe.ParamRule;
import java.util.List;

/** The {@code score-questions} stage kind: scores every question and keeps the best. */
@Kind(
    name = "score-questions",
    version = 1,
    minInputs = 1,
    maxInputs = 1,
    params = ScoreQuestionsParams.class,
    summary = "Scores every question and keeps the best")
public final class ScoreQuestionsKind implements StageKindDefinition {
  private static final List<ParamRule> RULES =
      List.of(
          ParamRule.oneOf(
              "method",
              "random",
              "llm-difficulty",
              "response-length",
              "askllm",
              "embedding",
              "classifier"),
          ParamRule.endpointUrl("base_url"),
          ParamRule.template("prompt_template", List.of("question"), "question"),
          ParamRule.atLeast("keep_top", 0),
          ParamRule.fraction("keep"),
          ParamRule.atLeast("concurrency", 1),
          ParamRule.atLeast("max_retries", 0),
          ParamRule.atLeast("timeout_seconds", 1));

  @Override
  public List<ParamRule> rules() {
    return RULES;
  }

  @Override
  public List<String> fileParams() {
    return List.of("positives", "negatives");
  }

  @Override
  public Stage stage(StageEnvironment environment) {
    return new ScoreQuestionsStage();
  }
}
