package dev.distillery.activity;

import dev.distillery.plan.PlannedStage;
import dev.distillery.plan.StageRef;
import dev.distillery.stages.Input;
import dev.distillery.stages.Stage;
import dev.distillery.stages.StageContext;
import dev.distillery.stages.StageRegistry;
import dev.distillery.stages.StageServices;
import dev.distillery.stages.StageUserException;
import dev.distillery.store.ArtifactStore;
import dev.distillery.store.ChecksumMismatchException;
import dev.distillery.store.Manifest;
import dev.distillery.store.RunInfo;
import dev.distillery.store.StageWriter;
import dev.distillery.workflow.StageActivities;
import dev.distillery.workflow.StageInput;
import dev.distillery.workflow.StageOutcome;
import dev.distillery.workflow.StageResult;
import io.temporal.activity.Activity;
import io.temporal.activity.ActivityExecutionContext;
import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Adapts {@link Stage}s to Temporal: checks the manifest first, streams inputs from the artifact
 * store, heartbeats progress, writes the manifest last, and turns user errors into non-retryable
 * failures.
 */
public class StageActivitiesImpl implements StageActivities {
  /** Failure type of errors that no retry fixes. */
  public static final String USER_ERROR = "UserError";

  private static final Logger log = LoggerFactory.getLogger(StageActivitiesImpl.class);

  private final ArtifactStore store;
  private final StageRegistry stages;
  private final StageServices services;
  private final String workerIdentity;
  private final String distilleryVersion;
  private final Clock clock;

  public StageActivitiesImpl(
      ArtifactStore store,
      StageRegistry stages,
      StageServices services,
      String workerIdentity,
      String distilleryVersion,
      Clock clock) {
    this.store = store;
    this.stages = stages;
    this.services = services;
    this.workerIdentity = workerIdentity;
    this.distilleryVersion = distilleryVersion;
    this.clock = clock;
  }

  @Override
  public StageResult lookup(StageInput input) {
    try {
      return store
          .findManifest(input.stage().ref())
          .map(m -> result(input.stage(), m, StageOutcome.REUSED))
          .orElse(null);
    } catch (IOException e) {
      throw Activity.wrap(e);
    }
  }

  @Override
  public StageResult compute(StageInput input) {
    PlannedStage planned = input.stage();
    ActivityExecutionContext activity = Activity.getExecutionContext();
    try {
      var existing = store.findManifest(planned.ref());
      if (existing.isPresent()) {
        return result(planned, existing.get(), StageOutcome.REUSED);
      }
      Stage stage =
          stages
              .find(planned.kind())
              .orElseThrow(
                  () ->
                      userError(
                          "this worker does not know stage kind '"
                              + planned.kind()
                              + "'; upgrade the worker to the Distillery version of the client"));
      List<Input> inputs = new ArrayList<>();
      for (StageRef ref : planned.inputs()) {
        Manifest manifest =
            store
                .findManifest(ref)
                .orElseThrow(
                    () ->
                        userError(
                            "input "
                                + ref.folder()
                                + " of stage '"
                                + planned.id()
                                + "' has no manifest; it was deleted or never finished"));
        inputs.add(new ManifestInput(store, manifest));
      }
      var info = activity.getInfo();
      RunInfo run =
          new RunInfo(
              planned.id(),
              info.getWorkflowId(),
              info.getRunId(),
              workerIdentity,
              distilleryVersion);
      log.info(
          "computing stage {} ({}) key {} attempt {}",
          planned.id(),
          planned.kind(),
          planned.ref().shortKey(),
          info.getAttempt());
      try (StageWriter writer =
          store.begin(
              planned.ref(),
              planned.kindVersion(),
              planned.params(),
              planned.inputs(),
              run,
              clock)) {
        stage.run(
            new StageContext(
                planned.id(),
                planned.params(),
                inputs,
                writer,
                (done, total) -> activity.heartbeat(new long[] {done, total}),
                services));
        Manifest manifest = writer.commit();
        return result(planned, manifest, StageOutcome.COMPUTED);
      }
    } catch (StageUserException e) {
      throw ApplicationFailure.newNonRetryableFailure(e.getMessage(), USER_ERROR);
    } catch (ChecksumMismatchException e) {
      throw ApplicationFailure.newNonRetryableFailure(
          e.getMessage()
              + ". The stored artifact is corrupt: run `distill artifacts verify` and"
              + " delete the damaged stage folder so it is computed again.",
          "CorruptArtifact");
    } catch (ApplicationFailure e) {
      throw e;
    } catch (Exception e) {
      throw Activity.wrap(e);
    }
  }

  private static ApplicationFailure userError(String message) {
    return ApplicationFailure.newNonRetryableFailure(message, USER_ERROR);
  }

  private StageResult result(PlannedStage stage, Manifest m, StageOutcome outcome) {
    long millis =
        outcome == StageOutcome.REUSED
            ? 0
            : Duration.between(m.startedAt(), m.finishedAt()).toMillis();
    return new StageResult(
        stage.id(),
        stage.kind(),
        stage.key(),
        outcome,
        store.manifestUri(stage.ref()),
        m.counters().rowsIn(),
        m.counters().rowsOut(),
        m.counters().dropped(),
        millis);
  }
}
