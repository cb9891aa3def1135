package dev.distillery.workflow;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/**
 * Activities that call a model, scheduled on {@link TaskQueues#LLM}. Implementations live in the
 * activities module.
 */
@ActivityInterface(namePrefix = "Llm")
public interface LlmActivities {

  /**
   * Computes one shard unless it is already recorded, streaming its rows to the store and
   * heartbeating a checkpoint after every uploaded part; a retried attempt resumes from the last
   * checkpoint, so a lost worker costs only the requests after it (and those are found in the
   * completion store when they finished).
   */
  @ActivityMethod
  ShardResult computeShard(ShardInput shard);
}
