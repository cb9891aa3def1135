package dev.distillery.workflow;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/**
 * The activities behind every stage. Implementations live in the activities module; they read and
 * write the artifact store and never return rows, only references and counters.
 */
@ActivityInterface(namePrefix = "Stage")
public interface StageActivities {

  /** The result of the stage's finished artifact, or null when its manifest does not exist. */
  @ActivityMethod
  StageResult lookup(StageInput input);

  /**
   * Computes the stage unless its manifest exists, and writes its artifact with the manifest last.
   * User errors (bad params, missing input file) fail with a non-retryable {@code UserError};
   * everything else is retried by Temporal.
   */
  @ActivityMethod
  StageResult compute(StageInput input);

  /**
   * Splits a sharded stage's input into shards, or returns the stage's result as {@link
   * ShardPlan#existing()} when its manifest exists.
   */
  @ActivityMethod
  ShardPlan planShards(StageInput input);

  /** Writes a sharded stage's manifest from its finished shards. */
  @ActivityMethod
  StageResult commitShards(StageInput input, ShardPlan plan);
}
