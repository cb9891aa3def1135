package dev.distillery.workflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
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

  /** Asserts that shards of exactly these row ranges ran, at most {@code parallel} at once. */
  void assertRan(List<String> ranges, int parallel) {
    assertEquals(
        ranges,
        shards.keySet().stream().map(k -> k.substring(k.indexOf('@') + 1)).sorted().toList());
    assertTrue(maxRunning.get() <= parallel, "at most parallel_shards at once: " + maxRunning);
  }
}
