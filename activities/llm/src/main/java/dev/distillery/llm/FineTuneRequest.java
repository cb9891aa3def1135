package dev.distillery.llm;

/**
 * A fine-tuning job to create through {@code POST /fine_tuning/jobs}. Only the fields that are set
 * are sent; the endpoint chooses the others ({@code "auto"} hyperparameters).
 *
 * @param model the base model to fine-tune
 * @param trainingFile the id of an uploaded training file ({@code purpose=fine-tune})
 * @param suffix up to 64 characters added to the fine-tuned model's name, or null
 * @param seed the training seed, or null for the endpoint's choice
 * @param nEpochs passes over the training file, 1 or more, or null for auto
 * @param batchSize examples per step, 1 or more, or null for auto
 * @param learningRateMultiplier scales the endpoint's learning rate, positive, or null for auto
 */
public record FineTuneRequest(
    String model,
    String trainingFile,
    String suffix,
    Long seed,
    Integer nEpochs,
    Integer batchSize,
    Double learningRateMultiplier) {

  public FineTuneRequest {
    if (model == null || model.isBlank()) {
      throw new IllegalArgumentException("model is required");
    }
    if (trainingFile == null || trainingFile.isBlank()) {
      throw new IllegalArgumentException("trainingFile is required");
    }
    if (nEpochs != null && nEpochs < 1) {
      throw new IllegalArgumentException("nEpochs must be >= 1, was " + nEpochs);
    }
    if (batchSize != null && batchSize < 1) {
      throw new IllegalArgumentException("batchSize must be >= 1, was " + batchSize);
    }
    if (learningRateMultiplier != null && !(learningRateMultiplier > 0)) {
      throw new IllegalArgumentException(
          "learningRateMultiplier must be positive, was " + learningRateMultiplier);
    }
  }

  /** A job for {@code model} on {@code trainingFile} with everything else left to the endpoint. */
  public static FineTuneRequest of(String model, String trainingFile) {
    return new FineTuneRequest(model, trainingFile, null, null, null, null, null);
  }
}
