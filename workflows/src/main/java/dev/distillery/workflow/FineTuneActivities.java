package dev.distillery.workflow;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/**
 * The activities of a {@code train} stage whose trainer is a fine-tuning API ({@code trainer:
 * openai-finetune}). The stage workflow waits between polls on durable timers, so a job that takes
 * hours holds no worker and survives worker restarts. The job's id is kept in the artifact store
 * beside the stage, so a retried or continued-as-new stage finds its job instead of paying for a
 * second one.
 */
@ActivityInterface(namePrefix = "FineTune")
public interface FineTuneActivities {

  /**
   * The stage's result when its manifest exists; otherwise its job: the one recorded in the store,
   * or a new one (the export uploaded as a training file, then the job created and recorded).
   */
  @ActivityMethod
  FineTuneStatus start(StageInput input);

  /** The job's state now. A job the service no longer knows is created again (and recorded). */
  @ActivityMethod
  FineTuneStatus poll(StageInput input, String jobId);

  /** Asks the service to cancel the job (the stage was cancelled); forgets the recorded job. */
  @ActivityMethod
  void cancel(StageInput input, String jobId);

  /**
   * Writes the stage's artifact and manifest for a finished job: one row naming the fine-tuned
   * model and the endpoint that serves it. A failed or cancelled job fails the stage with the
   * service's error (non-retryable), and its record is forgotten so a resume starts a new job.
   */
  @ActivityMethod
  StageResult commit(StageInput input, FineTuneStatus finished);
}
