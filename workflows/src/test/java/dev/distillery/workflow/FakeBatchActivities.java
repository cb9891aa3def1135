package dev.distillery.workflow;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An in-memory Batch API: each batch is terminal at its {@code pollsUntilTerminal}-th poll (an
 * await polls until then); a shard's first batch leaves three completions missing (expired), its
 * second delivers the rest.
 */
final class FakeBatchActivities implements BatchActivities {
  final Map<String, AtomicInteger> submits = new ConcurrentHashMap<>();
  final Map<String, AtomicInteger> polls = new ConcurrentHashMap<>();
  final Map<String, AtomicInteger> awaits = new ConcurrentHashMap<>();
  volatile int pollsUntilTerminal = 2;

  @Override
  public BatchSubmission submit(ShardInput shard, int round) {
    submits.computeIfAbsent(shard.range(), k -> new AtomicInteger()).incrementAndGet();
    return round < 2
        ? new BatchSubmission("b-" + shard.range() + "-" + round, 3, 3)
        : new BatchSubmission(null, 0, 0);
  }

  @Override
  public BatchState poll(ShardInput shard, String batchId) {
    int n = polls.computeIfAbsent(batchId, k -> new AtomicInteger()).incrementAndGet();
    boolean done = n >= pollsUntilTerminal;
    String status = done ? (batchId.endsWith("-0") ? "expired" : "completed") : "in_progress";
    return new BatchState(status, 3, done ? 3 : 0, 0, done);
  }

  @Override
  public BatchState await(ShardInput shard, String batchId) {
    awaits.computeIfAbsent(batchId, k -> new AtomicInteger()).incrementAndGet();
    BatchState state;
    do {
      state = poll(shard, batchId);
    } while (!state.terminal());
    return state;
  }

  @Override
  public BatchCollected collect(ShardInput shard, String batchId) {
    return batchId.endsWith("-0")
        ? new BatchCollected(0, 3, "{batch_expired=3}")
        : new BatchCollected(3, 0, "{}");
  }
}
