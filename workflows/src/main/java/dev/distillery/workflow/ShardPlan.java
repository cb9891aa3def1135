package dev.distillery.workflow;

/**
 * How a sharded stage splits its input, or the stage's result when it already exists.
 *
 * @param existing the finished stage's result, or null when it must be computed
 * @param rows input rows to split
 * @param shardSize input rows per shard (the last shard may be smaller)
 */
public record ShardPlan(StageResult existing, long rows, long shardSize) {
  /** The number of shards. */
  public int shards() {
    return (int) ((rows + shardSize - 1) / shardSize);
  }

  /** Shard {@code i}. */
  public ShardInput shard(StageInput stage, int i) {
    long from = i * shardSize;
    return new ShardInput(stage, from, Math.min(rows, from + shardSize), rows);
  }
}
