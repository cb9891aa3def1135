package dev.distillery.workflow;

import dev.distillery.plan.PlannedStage;
import io.temporal.failure.ApplicationFailure;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * In-memory stage activities: a map of "manifests" by key, a count of computations per key, a fixed
 * compute time so that experiments overlap, and stage ids that fail with a user error.
 */
final class FakeStageActivities implements StageActivities {
  final Map<String, StageResult> manifests = new ConcurrentHashMap<>();
  final Map<String, AtomicInteger> computations = new ConcurrentHashMap<>();
  final Set<String> failingStageIds = ConcurrentHashMap.newKeySet();
  final Map<String, AtomicInteger> commits = new ConcurrentHashMap<>();

  /** Input rows of every sharded stage. */
  static final long SHARDED_ROWS = 10;

  private final long computeMillis;

  FakeStageActivities(long computeMillis) {
    this.computeMillis = computeMillis;
  }

  @Override
  public List<StageResult> lookup(List<StageInput> inputs) {
    List<StageResult> found = new java.util.ArrayList<>();
    inputs.forEach(input -> found.add(manifests.get(input.stage().key())));
    return found;
  }

  @Override
  public StageResult compute(StageInput input) {
    PlannedStage stage = input.stage();
    StageResult existing = manifests.get(stage.key());
    if (existing != null) {
      return existing.withOutcome(StageOutcome.REUSED);
    }
    computations.computeIfAbsent(stage.key(), k -> new AtomicInteger()).incrementAndGet();
    try {
      Thread.sleep(computeMillis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (failingStageIds.contains(stage.id() + "@" + input.experiment())) {
      throw ApplicationFailure.newNonRetryableFailure("injected failure", "UserError");
    }
    return writeManifest(stage, 10, 9, Map.of("duplicate", 1L), computeMillis);
  }

  @Override
  public ShardPlan planShards(StageInput input) {
    StageResult existing = manifests.get(input.stage().key());
    if (existing != null) {
      return new ShardPlan(existing.withOutcome(StageOutcome.REUSED), 0, 1);
    }
    return new ShardPlan(null, SHARDED_ROWS, input.stage().params().path("shard_size").asLong(4));
  }

  @Override
  public StageResult commitShards(StageInput input, ShardPlan plan) {
    PlannedStage stage = input.stage();
    commits.computeIfAbsent(stage.key(), k -> new AtomicInteger()).incrementAndGet();
    return writeManifest(stage, plan.rows(), plan.rows(), Map.of(), 1);
  }

  /** Keeps and returns the result of a stage computed now, as a stage's manifest would. */
  private StageResult writeManifest(
      PlannedStage stage, long rowsIn, long rowsOut, Map<String, Long> dropped, long millis) {
    StageResult result =
        new StageResult(
            stage.id(),
            stage.kind(),
            stage.key(),
            StageOutcome.COMPUTED,
            "fake://" + stage.ref().folder() + "/manifest.json",
            rowsIn,
            rowsOut,
            dropped,
            millis);
    manifests.put(stage.key(), result);
    return result;
  }
}
