package dev.distillery.workflow;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** In-memory shard activities: counts each shard's executions and the most running at once. */
final class FakeLlmActivities implements LlmActivities {
  final Map<String, AtomicInteger> shards = new ConcurrentHashMap<>();
  final AtomicInteger running = new AtomicInteger();
  final AtomicInteger maxRunning = new AtomicInteger();

  /** When set, shards are computed by it instead. */
  volatile LlmActivities delegate;

  @Override
  public ShardResult computeShard(ShardInput shard) {
    if (delegate != null) {
      return delegate.computeShard(shard);
    }
    shards
        .computeIfAbsent(
            shard.stage().stage().key() + "@" + shard.range(), k -> new AtomicInteger())
        .incrementAndGet();
    maxRunning.accumulateAndGet(running.incrementAndGet(), Math::max);
    try {
      Thread.sleep(50);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      running.decrementAndGet();
    }
    long rows = shard.to() - shard.from();
    return new ShardResult(shard.from(), shard.to(), rows, rows, 2 * rows, 3 * rows, false);
  }
}
