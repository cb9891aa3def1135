package dev.distillery.stages;

import static dev.distillery.recipe.ParamSpec.optional;
import static dev.distillery.recipe.ParamType.BOOLEAN;
import static dev.distillery.recipe.ParamType.STRING;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.distillery.recipe.ParamRule;
import dev.distillery.recipe.ParamSpec;
import java.util.List;

/** The {@code export} stage kind: writes the training set in a chat format. */
public final class ExportKind implements StageKindDefinition {
  private static final JsonNodeFactory F = JsonNodeFactory.instance;
  private static final JsonNode NONE = null;

  private static final List<ParamSpec> PARAMS =
      List.of(
          optional(
              "format",
              STRING,
              F.textNode("sharegpt"),
              "sharegpt (OpenThoughts3 columns), messages (OpenAI chat JSONL), or parquet"
                  + " (the sharegpt rows, plus OpenThoughts3-typed Parquet files beside"
                  + " them)"),
          optional(
              "drop_truncated",
              BOOLEAN,
              F.booleanNode(true),
              "drop answers cut off at max_tokens (finish_reason length) into the dropped"
                  + " rows; false exports them as they are"),
          optional(
              "system_prompt",
              STRING,
              NONE,
              "messages: a system message put first in every row; none when unset"),
          optional(
              "dataset_name",
              STRING,
              F.textNode("distillery"),
              "the dataset's name in the LLaMA-Factory dataset_info.json, and the file"
                  + " name <dataset_name>.jsonl that `distill artifacts download` writes"));

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
