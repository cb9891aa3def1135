package dev.distillery.workflow;

import java.util.List;

/**
 * What a sharded stage hands to its next run when its history grows long and it continues as new.
 *
 * @param subscribers experiments to tell when the stage ends, sorted
 * @param left experiments that no longer need the stage, sorted
 * @param charges budget charges sent to the sweep so far (their sequence numbers go on)
 * @param finishedShards the first rows of the shards finished, sorted; they are not run again
 * @param finishedRows input rows of those shards
 * @param runs how many runs came before
 */
public record StageCarry(
    List<String> subscribers,
    List<String> left,
    long charges,
    List<Long> finishedShards,
    long finishedRows,
    int runs) {
  public static final StageCarry START = new StageCarry(List.of(), List.of(), 0, List.of(), 0, 0);

  public StageCarry {
    subscribers = subscribers == null ? List.of() : List.copyOf(subscribers);
    left = left == null ? List.of() : List.copyOf(left);
    finishedShards = finishedShards == null ? List.of() : List.copyOf(finishedShards);
  }
}
