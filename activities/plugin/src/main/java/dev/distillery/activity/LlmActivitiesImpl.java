package dev.distillery.activity;

import dev.distillery.plan.PlannedStage;
import dev.distillery.stages.StageRegistry;
import dev.distillery.stages.core.Input;
import dev.distillery.stages.core.ShardedStage;
import dev.distillery.stages.core.SpendGate;
import dev.distillery.stages.core.Stage;
import dev.distillery.stages.core.StageContext;
import dev.distillery.stages.core.StagePausedException;
import dev.distillery.stages.core.StageServices;
import dev.distillery.store.ArtifactStore;
import dev.distillery.store.Manifest;
import dev.distillery.store.ShardCheckpoint;
import dev.distillery.store.ShardRecord;
import dev.distillery.store.ShardWriter;
import dev.distillery.workflow.LlmActivities;
import dev.distillery.workflow.ShardInput;
import dev.distillery.workflow.ShardResult;
import dev.distillery.workflow.StageInput;
import dev.distillery.workflow.WorkflowIds;
import io.temporal.activity.Activity;
import io.temporal.activity.ActivityExecutionContext;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs shards of sharded stages (those that call a model) on the LLM task queue: input rows {@code
 * [from, to)} of the stage's first input, or units {@code [from, to)} of a {@link ShardedStage} (an
 * eval's questions and repeats). A shard streams its rows to the store and checkpoints every {@code
 * checkpointEvery}; a retried attempt reads the last checkpoint from its heartbeat details and goes
 * on from there. A shard signals its progress to its stage workflow, and on an endpoint the sweep
 * budgets it reports its spend to the sweep and starts no request beyond what the sweep grants:
 * when the budget closes it checkpoints and ends {@link ShardResult#paused() paused}, to be run
 * again from there.
 */
public class LlmActivitiesImpl implements LlmActivities {
  /** Default time between checkpoints of a running shard. */
  public static final Duration DEFAULT_CHECKPOINT_EVERY = Duration.ofSeconds(10);

  private static final long CHECKPOINT_ROWS = 50_000;
  private static final Logger log = LoggerFactory.getLogger(LlmActivitiesImpl.class);

  /** Default shortest time between a shard's progress signals to its stage workflow. */
  public static final Duration DEFAULT_PROGRESS_EVERY = Duration.ofSeconds(5);

  private final StageRuns runs;
  private final ArtifactStore store;
  private final StageServices services;
  private final Clock clock;
  private final Duration checkpointEvery;
  private final ShardMessages messages;
  private final Duration progressEvery;

  /**
   * @param messages how shards signal progress to their stage workflow and report spend to their
   *     sweep ({@link ShardMessages#NONE} to tell no workflow)
   * @param progressEvery the shortest time between a shard's progress signals
   */
  public LlmActivitiesImpl(
      ArtifactStore store,
      StageRegistry stages,
      StageServices services,
      String workerIdentity,
      String distilleryVersion,
      Clock clock,
      Duration checkpointEvery,
      ShardMessages messages,
      Duration progressEvery) {
    this.runs = new StageRuns(store, stages, workerIdentity, distilleryVersion);
    this.store = store;
    this.services = services;
    this.clock = clock;
    this.checkpointEvery = checkpointEvery;
    this.messages = messages;
    this.progressEvery = progressEvery;
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
      long resumeFrom = shard.from() + resume.resumeAt();
      List<Manifest> manifests = runs.inputs(planned);
      List<Input> inputs = new ArrayList<>();
      for (Manifest manifest : manifests) {
        // Shards of a stage's first input read their rows of it alone.
        boolean sliced = inputs.isEmpty() && !(stage instanceof ShardedStage);
        inputs.add(
            sliced
                ? new ManifestInput(store, manifest, resumeFrom, shard.to())
                : new ManifestInput(store, manifest));
      }
      log.info(
          "computing {} of stage {} key {} attempt {} from row {}",
          shard.range(),
          planned.id(),
          planned.ref().shortKey(),
          activity.getInfo().getAttempt(),
          resumeFrom);
      String stageWorkflowId = activity.getInfo().getWorkflowId();
      SweepBudget budget = budget(shard, resume, activity);
      long step =
          Math.max(
              1,
              shard.stageRows() > 0 ? shard.stageRows() / 100 : (shard.to() - shard.from()) / 20);
      try (ShardWriter writer =
          store.beginShard(
              planned.ref(), shard.from(), shard.to(), resume, runs.workerIdentity(), clock)) {
        CheckpointingProgress progress =
            new CheckpointingProgress(
                writer,
                activity,
                resume,
                clock,
                checkpointEvery,
                CHECKPOINT_ROWS,
                new CheckpointingProgress.ProgressSignals(
                    messages,
                    stageWorkflowId,
                    shard.from(),
                    step,
                    progressEvery,
                    budget == null ? () -> {} : budget::checkpoint));
        StageContext context =
            new StageContext(
                planned.id(),
                planned.params(),
                inputs,
                writer,
                progress,
                services,
                budget == null ? SpendGate.UNLIMITED : budget);
        try {
          if (stage instanceof ShardedStage sharded) {
            sharded.runUnits(context, resumeFrom, shard.to());
          } else {
            stage.run(context);
          }
        } catch (StagePausedException e) {
          ShardCheckpoint at = progress.checkpointNow();
          if (budget != null) {
            budget.finish();
          }
          log.info(
              "{} of stage {} paused at row {}: {}",
              shard.range(),
              planned.id(),
              shard.from() + at.resumeAt(),
              budget == null ? e.getMessage() : budget.closedBecause());
          return new ShardResult(
              shard.from(),
              shard.to(),
              at.rowsOut(),
              at.extra().getOrDefault("prompt_tokens", 0L),
              at.extra().getOrDefault("completion_tokens", 0L),
              at.extra().getOrDefault("cost_microusd", 0L),
              false,
              true);
        }
        return result(writer.finish(), false);
      }
    } catch (Exception e) {
      throw StageRuns.failure(e);
    }
  }

  /**
   * The shard's view of its sweep's budget for its endpoint, starting from what its checkpoint
   * holds; null when the sweep has no budget for the endpoint.
   */
  private SweepBudget budget(
      ShardInput shard, ShardCheckpoint resume, ActivityExecutionContext activity) {
    StageInput stage = shard.stage();
    String endpoint = stage.stage().params().path("base_url").asText();
    if (!stage.settings().budgeted().contains(endpoint)) {
      return null;
    }
    Map<String, Long> spent = resume.extra();
    return new SweepBudget(
        messages,
        WorkflowIds.sweep(stage.sweep()),
        activity.getInfo().getWorkflowId(),
        endpoint,
        shard.range(),
        activity.getInfo().getActivityId() + "#" + activity.getInfo().getAttempt(),
        spent.getOrDefault("prompt_tokens", 0L) + spent.getOrDefault("completion_tokens", 0L),
        spent.getOrDefault("cost_microusd", 0L));
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
