package dev.distillery.workflow;

/**
 * What a finished shard produced: counters only, its rows are in the store.
 *
 * @param from the first input row
 * @param to one past the last input row
 * @param rowsOut rows written
 * @param promptTokens prompt tokens of the requests it sent
 * @param completionTokens completion tokens of the requests it sent
 * @param costMicroUsd cost of those tokens at the configured prices, in millionths of a dollar
 * @param reused true when the shard was finished by an earlier attempt or stage run
 * @param paused true when the shard stopped before its end because the sweep's budget for its
 *     endpoint is used up: its rows so far are checkpointed, and it goes on from there when it is
 *     started again; the counters are then those of the checkpoint
 */
public record ShardResult(
    long from,
    long to,
    long rowsOut,
    long promptTokens,
    long completionTokens,
    long costMicroUsd,
    boolean reused,
    boolean paused) {

  /** A finished shard's result. */
  public ShardResult(
      long from,
      long to,
      long rowsOut,
      long promptTokens,
      long completionTokens,
      long costMicroUsd,
      boolean reused) {
    this(from, to, rowsOut, promptTokens, completionTokens, costMicroUsd, reused, false);
  }
}
