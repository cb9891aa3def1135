package dev.distillery.stages;

import dev.distillery.recipe.Kind;
import dev.distillery.stages.core.Stage;
import dev.distillery.stages.core.StageEnvironment;

/**
 * The {@code filter-answers} stage kind: keeps the teacher answers that pass a correctness or
 * length filter.
 */
@Kind(
    name = "filter-answers",
    version = 3,
    minInputs = 1,
    maxInputs = 1,
    params = FilterAnswersParams.class,
    summary = "Keeps the teacher answers that pass a correctness or length filter")
public final class FilterAnswersKind implements StageKindDefinition {
  @Override
  public Stage stage(StageEnvironment environment) {
    return new FilterAnswersStage();
  }
}
