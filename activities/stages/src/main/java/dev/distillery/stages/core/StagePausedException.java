package dev.distillery.stages.core;

/**
 * A stage stopped starting paid requests because its {@link SpendGate} closed (the sweep's budget
 * is used up). Its output is complete up to its last {@link Progress#report}; what it does after
 * that report is not part of it. The shard runner checkpoints there and reports the shard paused.
 */
public final class StagePausedException extends RuntimeException {
  public StagePausedException(String message) {
    super(message);
  }
}
