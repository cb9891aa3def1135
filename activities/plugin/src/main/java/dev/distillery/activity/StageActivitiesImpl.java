package dev.distillery.activity;

import dev.distillery.plan.PlannedStage;
import dev.distillery.stages.StageRegistry;
import dev.distillery.stages.core.Input;
import dev.distillery.stages.core.ShardedStage;
import dev.distillery.stages.core.Stage;
import dev.distillery.stages.core.StageContext;
import dev.distillery.stages.core.StageServices;
import dev.distillery.store.ArtifactStore;
import dev.distillery.store.ExtraFiles;
import dev.distillery.store.Manifest;
import dev.distillery.store.RowSink;
import dev.distillery.store.ShardRecord;
import dev.distillery.store.StageWriter;
import dev.distillery.workflow.ShardInput;
import dev.distillery.workflow.ShardPlan;
import dev.distillery.workflow.StageActivities;
import dev.distillery.workflow.StageInput;
import dev.distillery.workflow.StageOutcome;
import dev.distillery.workflow.StageResult;
import io.temporal.activity.Activity;
import io.temporal.activity.ActivityExecutionContext;
import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Adapts {@link Stage}s to Temporal: checks the manifest first, streams inputs from the artifact
 * store, heartbeats progress, writes the manifest last, and turns user errors into non-retryable
 * failures. Sharded stages are split here and assembled here (a {@link ShardedStage} then writes
 * its files beside the rows, before the manifest); their shards run in {@link LlmActivitiesImpl}.
 */
public class StageActivitiesImpl implements StageActivities {
  /** Failure type of errors that no retry fixes. */
  public static final String USER_ERROR = "UserError";

  private static final Logger log = LoggerFactory.getLogger(StageActivitiesImpl.class);

  private final StageRuns runs;
  private final ArtifactStore store;
  private final StageServices services;
  private final Clock clock;

  public StageActivitiesImpl(
      ArtifactStore store,
      StageRegistry stages,
      StageServices services,
      String workerIdentity,
      String distilleryVersion,
      Clock clock) {
    this.runs = new StageRuns(store, stages, workerIdentity, distilleryVersion);
    this.store = store;
    this.services = services;
    this.clock = clock;
  }

  /**
   * {@inheritDoc}
   *
   * <p>A corrupt manifest reads as missing here: the stage's own run then fails with a message
   * naming the object and the fix.
   */
  @Override
  public List<StageResult> lookup(List<StageInput> inputs) {
    try {
      List<StageResult> found = new ArrayList<>();
      for (StageInput input : inputs) {
        found.add(runs.reusedIfIntact(input.stage()).orElse(null));
      }
      return found;
    } catch (IOException e) {
      throw StageRuns.failure(e);
    }
  }

  @Override
  public StageResult compute(StageInput input) {
    PlannedStage planned = input.stage();
    ActivityExecutionContext activity = Activity.getExecutionContext();
    try {
      var existing = store.findManifest(planned.ref());
      if (existing.isPresent()) {
        return runs.result(planned, existing.get(), StageOutcome.REUSED);
      }
      Stage stage = runs.stage(planned);
      List<Input> inputs = whole(runs.inputs(planned));
      log.info(
          "computing stage {} ({}) key {} attempt {}",
          planned.id(),
          planned.kind(),
          planned.ref().shortKey(),
          activity.getInfo().getAttempt());
      try (StageWriter writer = runs.begin(planned, activity.getInfo(), clock)) {
        stage.run(
            new StageContext(
                planned.id(),
                planned.params(),
                inputs,
                writer,
                new HeartbeatProgress(activity),
                services));
        Manifest manifest = writer.commit();
        return runs.result(planned, manifest, StageOutcome.COMPUTED);
      }
    } catch (Exception e) {
      throw StageRuns.failure(e);
    }
  }

  private List<Input> whole(List<Manifest> inputs) {
    List<Input> whole = new ArrayList<>();
    inputs.forEach(manifest -> whole.add(new ManifestInput(store, manifest)));
    return whole;
  }

  /** A context over the stage's inputs for the steps of a sharded stage that write no rows. */
  private StageContext context(
      PlannedStage planned, List<Manifest> inputs, ActivityExecutionContext activity) {
    return new StageContext(
        planned.id(),
        planned.params(),
        whole(inputs),
        RowSink.NONE,
        new HeartbeatProgress(activity),
        services);
  }

  @Override
  public ShardPlan planShards(StageInput input) {
    PlannedStage planned = input.stage();
    try {
      Optional<Manifest> existing = store.findManifest(planned.ref());
      if (existing.isPresent()) {
        return new ShardPlan(runs.result(planned, existing.get(), StageOutcome.REUSED), 0, 1);
      }
      Stage stage = runs.stage(planned);
      List<Manifest> inputs = runs.inputs(planned);
      long shardSize = Math.max(1, planned.params().path("shard_size").asLong(500));
      if (stage instanceof ShardedStage sharded) {
        StageContext context = context(planned, inputs, Activity.getExecutionContext());
        return new ShardPlan(null, sharded.units(context), shardSize, sharded.endpoint(context));
      }
      if (inputs.isEmpty()) {
        throw StageRuns.userError(
            "stage '" + planned.id() + "' is sharded over its first input but has none");
      }
      long rows = inputs.get(0).counters().rowsOut();
      // A teacher's `questions` answers only the first questions: shards cover those alone.
      if (planned.params().hasNonNull("questions")) {
        rows = Math.min(rows, planned.params().get("questions").asLong());
      }
      return new ShardPlan(null, rows, shardSize);
    } catch (Exception e) {
      throw StageRuns.failure(e);
    }
  }

  @Override
  public StageResult commitShards(StageInput input, ShardPlan plan) {
    PlannedStage planned = input.stage();
    try {
      List<ShardRecord> shards = new ArrayList<>();
      for (int i = 0; i < plan.shards(); i++) {
        ShardInput shard = plan.shard(input, i);
        shards.add(
            store
                .findShard(planned.ref(), shard.from(), shard.to())
                .orElseThrow(
                    () ->
                        ApplicationFailure.newFailure(
                            "shard "
                                + shard.range()
                                + " of "
                                + store.uri(planned.ref())
                                + " has no record; it was deleted while the stage ran",
                            "ShardMissing")));
      }
      ActivityExecutionContext activity = Activity.getExecutionContext();
      Manifest assembled =
          store.assembleShards(
              planned.ref(),
              planned.kindVersion(),
              planned.params(),
              planned.inputs(),
              runs.runInfo(planned, activity.getInfo()),
              shards,
              clock);
      if (!(runs.stage(planned) instanceof ShardedStage sharded)) {
        return runs.result(planned, store.putManifest(assembled), StageOutcome.COMPUTED);
      }
      ExtraFiles files = store.extraFiles(planned.ref());
      sharded.finish(
          context(planned, runs.inputs(planned), activity),
          new ManifestInput(store, assembled),
          files);
      Manifest mine = assembled.withExtraFiles(files.files());
      Manifest manifest = store.putManifest(mine);
      if (!manifest.extraFiles().equals(mine.extraFiles())) {
        files.deleteUploaded(); // Another attempt committed first, with its own files.
      }
      return runs.result(planned, manifest, StageOutcome.COMPUTED);
    } catch (Exception e) {
      throw StageRuns.failure(e);
    }
  }
}
