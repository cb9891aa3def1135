package dev.distillery.stages;

import dev.distillery.recipe.Kind;
import dev.distillery.recipe.ParamRule;
import java.util.List;

/** The {@code export} stage kind: writes the training set in a chat format. */
@Kind(
    name = "export",
    version = 3,
    minInputs = 1,
    maxInputs = 1,
    params = ExportParams.class,
    summary = "Writes the training set in a chat format")
public final class ExportKind implements StageKindDefinition {
  private static final List<ParamRule> RULES =
      List.of(
          ParamRule.oneOf("format", "sharegpt", "messages", "parquet"),
          ParamRule.safeName("dataset_name"));

  @Override
  public List<ParamRule> rules() {
    return RULES;
  }

  @Override
  public Stage stage(StageEnvironment environment) {
    return new ExportStage();
  }
}
