package dev.distillery.workflow;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/**
 * A shard's completions through an OpenAI-compatible Batch API, scheduled on {@link
 * TaskQueues#LLM}. Every call is short: the waiting between polls is a workflow timer, so no worker
 * slot is held while the provider works. Results go to the completion store; the shard's rows are
 * then written by {@link LlmActivities#computeShard}, which finds every completion stored.
 */
@ActivityInterface(namePrefix = "Batch")
public interface BatchActivities {

  /**
   * Uploads the requests for the shard's completions not yet stored and creates a batch. Round
   * {@code round} of a shard creates at most one batch, however often the activity is retried.
   */
  @ActivityMethod
  BatchSubmission submit(ShardInput shard, int round);

  /** The batch's current state. */
  @ActivityMethod
  BatchState poll(ShardInput shard, String batchId);

  /** Downloads a finished batch's results into the completion store. */
  @ActivityMethod
  BatchCollected collect(ShardInput shard, String batchId);
}
