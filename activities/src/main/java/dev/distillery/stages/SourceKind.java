package dev.distillery.stages;

import dev.distillery.recipe.Kind;
import dev.distillery.recipe.ParamRule;
import java.util.List;

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
  private static final List<ParamRule> RULES =
      List.of(
          ParamRule.atLeast("limit", 1),
          ParamRule.atLeast("sample", 1),
          ParamRule.oneOf("format", "auto", "jsonl", "csv", "parquet"),
          ParamRule.oneOf("on_bad_row", "fail", "skip"),
          ParamRule.atLeast("max_bad_rows", 0));

  @Override
  public List<ParamRule> rules() {
    return RULES;
  }

  @Override
  public List<String> fileParams() {
    return List.of("path");
  }

  @Override
  public Stage stage(StageEnvironment environment) {
    return new SourceStage();
  }
}
