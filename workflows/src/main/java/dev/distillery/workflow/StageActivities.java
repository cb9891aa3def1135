package dev.distillery.workflow;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;
import java.util.List;

/**
 * The activities behind every stage. Implementations live in the activities module; they read and
 * write the artifact store and never return rows, only references and counters.
 */
@ActivityInterface(namePrefix = "Stage")
public interface StageActivities {

  /**
   * The results of the stages' finished artifacts, in order, with null where a manifest does not
   * exist. One call per experiment: a fully reused experiment costs one round trip.
   */
  @ActivityMethod
  List<StageResult> lookup(List<StageInput> inputs);

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
