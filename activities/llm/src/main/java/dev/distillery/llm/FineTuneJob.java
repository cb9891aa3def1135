package dev.distillery.llm;

import java.util.Set;

/**
 * A fine-tuning job as the fine-tuning API reports it.
 *
 * @param id the job id, e.g. {@code ftjob-abc123}
 * @param status {@code validating_files}, {@code queued}, {@code running}, {@code succeeded},
 *     {@code failed} or {@code cancelled}
 * @param model the base model
 * @param fineTunedModel the model the job produced, to use in chat completions; null until it
 *     succeeded
 * @param trainingFile the training file's id
 * @param errorMessage why the job failed, as the endpoint says it (message, code, param); null
 *     unless it failed
 * @param trainedTokens billable tokens trained on; 0 until the job has finished
 */
public record FineTuneJob(
    String id,
    String status,
    String model,
    String fineTunedModel,
    String trainingFile,
    String errorMessage,
    long trainedTokens) {

  /** The statuses after which a job no longer changes. */
  public static final Set<String> TERMINAL_STATUSES = Set.of("succeeded", "failed", "cancelled");

  /** True once the job has ended: succeeded, failed or cancelled. */
  public boolean terminal() {
    return TERMINAL_STATUSES.contains(status);
  }

  /** True when the job succeeded; {@link #fineTunedModel()} then names the new model. */
  public boolean succeeded() {
    return "succeeded".equals(status);
  }
}
