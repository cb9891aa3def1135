package dev.distillery.stages;

import dev.distillery.recipe.Kind;
import dev.distillery.stages.core.Stage;
import dev.distillery.stages.core.StageEnvironment;

/** The {@code score-questions} stage kind: scores every question and keeps the best. */
@Kind(
    name = "score-questions",
    version = 1,
    minInputs = 1,
    maxInputs = 1,
    params = ScoreQuestionsParams.class,
    summary = "Scores every question and keeps the best")
public final class ScoreQuestionsKind implements StageKindDefinition {
  @Override
  public Stage stage(StageEnvironment environment) {
    return new ScoreQuestionsStage();
  }
}
