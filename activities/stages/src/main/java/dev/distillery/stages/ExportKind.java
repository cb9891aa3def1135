package dev.distillery.stages;

import dev.distillery.recipe.Kind;
import dev.distillery.stages.core.Stage;
import dev.distillery.stages.core.StageEnvironment;

/** The {@code export} stage kind: writes the training set in a chat format. */
@Kind(
    name = "export",
    version = 3,
    minInputs = 1,
    maxInputs = 1,
    params = ExportParams.class,
    summary = "Writes the training set in a chat format")
public final class ExportKind implements StageKindDefinition {
  @Override
  public Stage stage(StageEnvironment environment) {
    return new ExportStage();
  }
}
