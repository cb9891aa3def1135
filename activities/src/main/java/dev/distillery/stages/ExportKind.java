package dev.distillery.stages;

import dev.distillery.recipe.ParamRule;
import dev.distillery.recipe.ParamSpec;
import dev.distillery.recipe.ParamSpecs;
import java.util.List;

/** The {@code export} stage kind: writes the training set in a chat format. */
public final class ExportKind implements StageKindDefinition {
  private static final List<ParamSpec> PARAMS = ParamSpecs.of(ExportParams.class);

  private static final List<ParamRule> RULES =
      List.of(
          ParamRule.oneOf("format", "sharegpt", "messages", "parquet"),
          ParamRule.safeName("dataset_name"));

  @Override
  public String name() {
    return "export";
  }

  @Override
  public int version() {
    return 3;
  }

  @Override
  public String summary() {
    return "Writes the training set in a chat format";
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
  public Stage stage(StageEnvironment environment) {
    return new ExportStage();
  }
}
