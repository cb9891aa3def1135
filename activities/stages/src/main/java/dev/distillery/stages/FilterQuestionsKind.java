package dev.distillery.stages;

import dev.distillery.recipe.Kind;
import dev.distillery.stages.core.Stage;
import dev.distillery.stages.core.StageEnvironment;

/** The {@code filter-questions} stage kind: filters questions by length and keeps a fraction. */
@Kind(
    name = "filter-questions",
    version = 1,
    minInputs = 1,
    maxInputs = 1,
    params = FilterQuestionsParams.class,
    summary = "Filters questions by length and keeps a fraction")
public final class FilterQuestionsKind implements StageKindDefinition {
  @Override
  public Stage stage(StageEnvironment environment) {
    return new FilterQuestionsStage();
  }
}
