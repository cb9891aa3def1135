package dev.distillery.stages;

import com.fasterxml.jackson.databind.JsonNode;
import dev.distillery.recipe.Kind;
import dev.distillery.recipe.RetrySpec;
import dev.distillery.recipe.StageTraits;
import dev.distillery.stages.core.Stage;
import dev.distillery.stages.core.StageEnvironment;

/**
 * The {@code train} stage kind: fine-tunes a model on an export (a training command or a
 * fine-tuning API).
 */
@Kind(
    name = "train",
    version = 1,
    minInputs = 1,
    maxInputs = 1,
    params = TrainParams.class,
    summary = "Fine-tunes a model on an export (a training command or a fine-tuning API)")
public final class TrainKind implements StageKindDefinition {
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

  /** Training runs for hours or days: one attempt may take a week. */
  @Override
  public RetrySpec defaultRetry() {
    return RetrySpec.TRAINING;
  }

  @Override
  public Stage stage(StageEnvironment environment) {
    return new TrainStage(environment.trainDir());
  }
}
