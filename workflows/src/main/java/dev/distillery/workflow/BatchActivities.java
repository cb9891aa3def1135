package dev.distillery.workflow;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;
import java.time.Duration;

/**
 * A shard's completions through an OpenAI-compatible Batch API, scheduled on {@link
 * TaskQueues#LLM}. The waiting is one heartbeating {@link #await} per batch, so a stage's history
 * grows by a few events per batch, not per poll (107 shards polled 60 times with a timer and an
 * activity each would pass Temporal's 51,200-event limit). Results go to the completion store; the
 * shard's rows are then written by {@link LlmActivities#computeShard}, which finds every completion
 * stored.
 */
@ActivityInterface(namePrefix = "Batch")
public interface BatchActivities {
  /** How long one {@link #await} may take: the 24-hour completion window and some slack. */
  Duration AWAIT_TIMEOUT = Duration.ofHours(26);

  /**
   * Uploads the requests for the shard's completions not yet stored and creates a batch. Round
   * {@code round} of a shard creates at most one batch, however often the activity is retried.
   */
  @ActivityMethod
  BatchSubmission submit(ShardInput shard, int round);

  /** The batch's current state. Only histories of stages started before {@link #await}. */
  @ActivityMethod
  BatchState poll(ShardInput shard, String batchId);

  /**
   * Polls the batch every {@code batch_poll_seconds} (default 60) until it is terminal and returns
   * its final state. It heartbeats the latest state at least three times per heartbeat timeout,
   * however long the poll interval, so a dead worker is noticed and cancellation reaches it; a
   * retried attempt simply polls again. Scheduled with a start-to-close timeout of {@link
   * #AWAIT_TIMEOUT}, longer than a batch's 24-hour completion window.
   */
  @ActivityMethod
  BatchState await(ShardInput shard, String batchId);

  /** Downloads a finished batch's results into the completion store. */
  @ActivityMethod
  BatchCollected collect(ShardInput shard, String batchId);
}
