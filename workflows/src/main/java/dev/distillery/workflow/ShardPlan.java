package dev.distillery.workflow;

/**
 * How a sharded stage splits its input, or the stage's result when it already exists.
 *
 * @param existing the finished stage's result, or null when it must be computed
 * @param rows input rows to split
 * @param shardSize input rows per shard (the last shard may be smaller)
 * @param endpoint the endpoint the shards call when the stage's params do not name it (an eval of a
 *     train stage's model calls the endpoint that trained it), for the sweep's budget; null when
 *     the params' {@code base_url} is the endpoint
 */
public record ShardPlan(StageResult existing, long rows, long shardSize, String endpoint) {
  /** A plan whose shards call the params' {@code base_url}. */
  public ShardPlan(StageResult existing, long rows, long shardSize) {
    this(existing, rows, shardSize, null);
  }

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
