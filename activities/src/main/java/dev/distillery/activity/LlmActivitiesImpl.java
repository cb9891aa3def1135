package dev.distillery.activity;

import dev.distillery.plan.PlannedStage;
import dev.distillery.stages.Input;
import dev.distillery.stages.Stage;
import dev.distillery.stages.StageContext;
import dev.distillery.stages.StageRegistry;
import dev.distillery.stages.StageServices;
import dev.distillery.store.ArtifactStore;
import dev.distillery.store.Manifest;
import dev.distillery.store.ShardCheckpoint;
import dev.distillery.store.ShardRecord;
import dev.distillery.store.ShardWriter;
import dev.distillery.workflow.LlmActivities;
import dev.distillery.workflow.ShardInput;
import dev.distillery.workflow.ShardResult;
import io.temporal.activity.Activity;
import io.temporal.activity.ActivityExecutionContext;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs shards of sharded stages (those that call a model) on the LLM task queue. A shard streams
 * its rows to the store and checkpoints every {@code checkpointEvery}; a retried attempt reads the
 * last checkpoint from its heartbeat details and goes on from there.
 */
public class LlmActivitiesImpl implements LlmActivities {
  /** Default time between checkpoints of a running shard. */
  public static final Duration DEFAULT_CHECKPOINT_EVERY = Duration.ofSeconds(10);

  private static final long CHECKPOINT_ROWS = 50_000;
  private static final Logger log = LoggerFactory.getLogger(LlmActivitiesImpl.class);

  private final StageRuns runs;
  private final ArtifactStore store;
  private final StageServices services;
  private final Clock clock;
  private final Duration checkpointEvery;

  public LlmActivitiesImpl(
      ArtifactStore store,
      StageRegistry stages,
      StageServices services,
      String workerIdentity,
      String distilleryVersion,
      Clock clock,
      Duration checkpointEvery) {
    this.runs = new StageRuns(store, stages, workerIdentity, distilleryVersion);
    this.store = store;
    this.services = services;
    this.clock = clock;
    this.checkpointEvery = checkpointEvery;
  }

  @Override
  public ShardResult computeShard(ShardInput shard) {
    PlannedStage planned = shard.stage().stage();
    ActivityExecutionContext activity = Activity.getExecutionContext();
    try {
      Optional<ShardRecord> done = store.findShard(planned.ref(), shard.from(), shard.to());
      if (done.isPresent()) {
        return result(done.get(), true);
      }
      Stage stage = runs.stage(planned);
      // A retry inherits the heartbeat; a new stage workflow (after a cancel or a lost Temporal)
      // finds the copy in the store.
      Optional<ShardCheckpoint> beat = activity.getHeartbeatDetails(ShardCheckpoint.class);
      ShardCheckpoint resume =
          beat.isPresent()
              ? beat.get()
              : store
                  .findShardCheckpoint(planned.ref(), shard.from(), shard.to())
                  .orElse(ShardCheckpoint.start(shard.to() - shard.from()));
      List<Manifest> manifests = runs.inputs(planned);
      List<Input> inputs = new ArrayList<>();
      inputs.add(
          new ManifestInput(store, manifests.get(0), shard.from() + resume.resumeAt(), shard.to()));
      for (Manifest other : manifests.subList(1, manifests.size())) {
        inputs.add(new ManifestInput(store, other));
      }
      log.info(
          "computing {} of stage {} key {} attempt {} from row {}",
          shard.range(),
          planned.id(),
          planned.ref().shortKey(),
          activity.getInfo().getAttempt(),
          shard.from() + resume.resumeAt());
      try (ShardWriter writer =
          store.beginShard(
              planned.ref(), shard.from(), shard.to(), resume, runs.workerIdentity(), clock)) {
        stage.run(
            new StageContext(
                planned.id(),
                planned.params(),
                inputs,
                writer,
                new CheckpointingProgress(
                    writer, activity, resume, clock, checkpointEvery, CHECKPOINT_ROWS),
                services));
        return result(writer.finish(), false);
      }
    } catch (Exception e) {
      throw StageRuns.failure(e);
    }
  }

  private static ShardResult result(ShardRecord record, boolean reused) {
    return new ShardResult(
        record.from(),
        record.to(),
        record.counters().rowsOut(),
        record.extra().getOrDefault("prompt_tokens", 0L),
        record.extra().getOrDefault("completion_tokens", 0L),
        record.extra().getOrDefault("cost_microusd", 0L),
        reused);
  }
}
