package dev.distillery.stages;

import dev.distillery.recipe.Kind;
import dev.distillery.stages.core.Stage;
import dev.distillery.stages.core.StageEnvironment;

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
  @Override
  public Stage stage(StageEnvironment environment) {
    return new GenerateQuestionsStage();
  }
}
