package dev.distillery.stages;

import static dev.distillery.recipe.ParamSpec.optional;
import static dev.distillery.recipe.ParamSpec.required;
import static dev.distillery.recipe.ParamSpec.tuning;
import static dev.distillery.recipe.ParamType.INTEGER;
import static dev.distillery.recipe.ParamType.NUMBER;
import static dev.distillery.recipe.ParamType.SCALAR_MAP;
import static dev.distillery.recipe.ParamType.STRING;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.distillery.recipe.ParamRule;
import dev.distillery.recipe.ParamSpec;
import dev.distillery.recipe.StageTraits;
import java.util.List;

/**
 * The {@code train} stage kind: fine-tunes a model on an export (a training command or a
 * fine-tuning API).
 */
public final class TrainKind implements StageKindDefinition {
  private static final JsonNodeFactory F = JsonNodeFactory.instance;
  private static final JsonNode NONE = null;

  private static final List<ParamSpec> PARAMS =
      List.of(
          required(
              "trainer",
              STRING,
              "command (runs a training command such as LLaMA-Factory on a "
                  + "distillery-gpu worker) or openai-finetune (an OpenAI-compatible"
                  + " fine-tuning API)"),
          required("base_model", STRING, "the model to fine-tune, e.g. Qwen/Qwen2.5-7B-Instruct"),
          optional(
              "preset",
              STRING,
              F.textNode("medium"),
              "command: the study's preset (global batch / lr / epochs): micro 32/1e-5/13,"
                  + " small 96/2e-5/7, medium 128/4e-5/5, large 512/8e-5/5 with packing"),
          optional(
              "overrides",
              SCALAR_MAP,
              NONE,
              "command: LLaMA-Factory config field -> value, replacing the preset's (null"
                  + " removes a field)"),
          optional("gpus", INTEGER, F.numberNode(8), "command: GPUs the command trains on"),
          optional(
              "command",
              STRING,
              F.textNode("llamafactory-cli train {config}"),
              "command: run with /bin/sh; {config}, {output_dir} and {work_dir} are filled"
                  + " in, and {resume} (where the resume flag goes; else at the end). It"
                  + " may print DISTILL_MODEL=<path or URI> to name the model"),
          optional(
              "resume_flag",
              STRING,
              F.textNode("resume_from_checkpoint={checkpoint}"),
              "command: appended on a retry when a checkpoint exists"),
          optional(
              "base_url",
              STRING,
              NONE,
              "openai-finetune: the fine-tuning API's base URL (it serves the model too)"),
          optional("api_key_env", STRING, NONE, "name of the env var holding the API key"),
          optional("suffix", STRING, NONE, "openai-finetune: suffix of the model's name"),
          optional("n_epochs", INTEGER, NONE, "openai-finetune: epochs"),
          optional("batch_size", INTEGER, NONE, "openai-finetune: batch size"),
          optional(
              "learning_rate_multiplier",
              NUMBER,
              NONE,
              "openai-finetune: learning rate multiplier"),
          optional("seed", INTEGER, NONE, "openai-finetune: the job's seed"),
          tuning(
              "work_dir",
              STRING,
              NONE,
              "command: where config, data, checkpoints and the model go (one folder per"
                  + " stage). On a shared filesystem a retry on another node resumes."
                  + " Default: $DISTILL_HOME/train"),
          tuning(
              "poll_seconds",
              INTEGER,
              F.numberNode(30),
              "openai-finetune: seconds between polls of the job"));

  private static final List<ParamRule> RULES =
      List.of(
          ParamRule.oneOf("trainer", "command", "openai-finetune"),
          ParamRule.oneOf("preset", "micro", "small", "medium", "large"),
          ParamRule.atLeast("gpus", 1),
          ParamRule.endpointUrl("base_url"),
          ParamRule.atLeast("n_epochs", 1),
          ParamRule.atLeast("batch_size", 1),
          ParamRule.nonNegative("learning_rate_multiplier"),
          ParamRule.atLeast("poll_seconds", 1));

  @Override
  public String name() {
    return "train";
  }

  @Override
  public int version() {
    return 1;
  }

  @Override
  public String summary() {
    return "Fine-tunes a model on an export (a training command or a fine-tuning API)";
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

  /**
   * A training command runs on the GPU task queue; an {@code openai-finetune} job is polled by the
   * stage's workflow.
   */
  @Override
  public StageTraits traits(JsonNode params) {
    return switch (params.path("trainer").asText()) {
      case "command" -> StageTraits.GPU;
      case "openai-finetune" -> StageTraits.FINE_TUNE;
      default -> StageTraits.NONE;
    };
  }

  @Override
  public Stage stage(StageEnvironment environment) {
    return new TrainStage(environment.trainDir());
  }
}
