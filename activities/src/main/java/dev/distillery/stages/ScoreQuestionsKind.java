package dev.distillery.stages;

import dev.distillery.recipe.ParamRule;
import dev.distillery.recipe.ParamSpec;
import dev.distillery.recipe.ParamSpecs;
import java.util.List;

/** The {@code score-questions} stage kind: scores every question and keeps the best. */
public final class ScoreQuestionsKind implements StageKindDefinition {
  private static final List<ParamSpec> PARAMS = ParamSpecs.of(ScoreQuestionsParams.class);

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
  public String name() {
    return "score-questions";
  }

  @Override
  public int version() {
    return 1;
  }

  @Override
  public String summary() {
    return "Scores every question and keeps the best";
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
  public List<String> fileParams() {
    return List.of("positives", "negatives");
  }

  @Override
  public Stage stage(StageEnvironment environment) {
    return new ScoreQuestionsStage();
  }
}
