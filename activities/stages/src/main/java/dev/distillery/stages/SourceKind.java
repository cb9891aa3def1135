package dev.distillery.stages;

import dev.distillery.recipe.Kind;
import dev.distillery.stages.core.Stage;
import dev.distillery.stages.core.StageEnvironment;

/**
 * The {@code source} stage kind: reads questions from a JSONL, CSV or Parquet file, local or
 * remote.
 */
@Kind(
    name = "source",
    version = 3,
    minInputs = 0,
    maxInputs = 0,
    params = SourceParams.class,
    summary = "Reads questions from a JSONL, CSV or Parquet file, local or remote")
public final class SourceKind implements StageKindDefinition {
  @Override
  public Stage stage(StageEnvironment environment) {
    return new SourceStage();
  }
}
