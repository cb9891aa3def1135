package dev.distillery.activity;

import dev.distillery.llm.LlmException;
import dev.distillery.plan.PlannedStage;
import dev.distillery.plan.StageRef;
import dev.distillery.stages.StageRegistry;
import dev.distillery.stages.core.Stage;
import dev.distillery.stages.core.StageUserException;
import dev.distillery.store.ArtifactStore;
import dev.distillery.store.ChecksumMismatchException;
import dev.distillery.store.CorruptManifestException;
import dev.distillery.store.Manifest;
import dev.distillery.store.RunInfo;
import dev.distillery.store.StageWriter;
import dev.distillery.store.StorageFaults;
import dev.distillery.workflow.StageOutcome;
import dev.distillery.workflow.StageResult;
import io.temporal.activity.Activity;
import io.temporal.activity.ActivityInfo;
import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** What the activities of a stage run share: finding the stage, its inputs, and error mapping. */
final class StageRuns {
  private final ArtifactStore store;
  private final StageRegistry stages;
  private final String workerIdentity;
  private final String distilleryVersion;

  StageRuns(
      ArtifactStore store, StageRegistry stages, String workerIdentity, String distilleryVersion) {
    this.store = store;
    this.stages = stages;
    this.workerIdentity = workerIdentity;
    this.distilleryVersion = distilleryVersion;
  }

  ArtifactStore store() {
    return store;
  }

  String workerIdentity() {
    return workerIdentity;
  }

  Stage stage(PlannedStage planned) {
    return stages
        .find(planned.kind())
        .orElseThrow(
            () ->
                userError(
                    "this worker does not know stage kind '"
                        + planned.kind()
                        + "'; upgrade the worker to the Distillery version of the client"));
  }

  /** The stage's manifest, or empty when it is missing or corrupt. */
  Optional<Manifest> findIntact(StageRef ref) throws IOException {
    return findIntact(store, ref);
  }

  /** The manifest of {@code ref} in {@code store}, or empty when it is missing or corrupt. */
  static Optional<Manifest> findIntact(ArtifactStore store, StageRef ref) throws IOException {
    try {
      return store.findManifest(ref);
    } catch (CorruptManifestException e) {
      return Optional.empty();
    }
  }

  /**
   * The {@link StageOutcome#REUSED} result of {@code stage} when its manifest is intact, or empty
   * when it is missing or corrupt (the stage is then run again).
   */
  Optional<StageResult> reusedIfIntact(PlannedStage stage) throws IOException {
    return findIntact(stage.ref()).map(m -> result(stage, m, StageOutcome.REUSED));
  }

  /** The manifests of the stage's inputs, in recipe order; each must exist. */
  List<Manifest> inputs(PlannedStage planned) throws IOException {
    List<Manifest> inputs = new ArrayList<>();
    for (StageRef ref : planned.inputs()) {
      inputs.add(
          store
              .findManifest(ref)
              .orElseThrow(
                  () ->
                      userError(
                          "input "
                              + ref.folder()
                              + " of stage '"
                              + planned.id()
                              + "' has no manifest; it was deleted or never finished")));
    }
    return inputs;
  }

  RunInfo runInfo(PlannedStage planned, ActivityInfo info) {
    return new RunInfo(
        planned.id(), info.getWorkflowId(), info.getRunId(), workerIdentity, distilleryVersion);
  }

  /** A writer for the stage's output, recording this run of {@code info} in its manifest. */
  StageWriter begin(PlannedStage planned, ActivityInfo info, Clock clock) {
    return store.begin(
        planned.ref(),
        planned.kindVersion(),
        planned.params(),
        planned.inputs(),
        runInfo(planned, info),
        clock);
  }

  StageResult result(PlannedStage stage, Manifest m, StageOutcome outcome) {
    return result(store, stage, m, outcome);
  }

  /** The result a stage with manifest {@code m} in {@code store} reports. */
  static StageResult result(
      ArtifactStore store, PlannedStage stage, Manifest m, StageOutcome outcome) {
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

  /**
   * Maps an exception from a stage run to what Temporal should do with it: user errors, corrupt
   * artifacts and storage failures no retry fixes (a full disk, denied access) fail for good,
   * everything else is retried.
   */
  static RuntimeException failure(Exception e) {
    if (e instanceof StageUserException) {
      return ApplicationFailure.newNonRetryableFailure(
          e.getMessage(), StageActivitiesImpl.USER_ERROR);
    }
    if (e instanceof ApplicationFailure failure) {
      return failure;
    }
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof ChecksumMismatchException) {
        return ApplicationFailure.newNonRetryableFailure(
            t.getMessage()
                + ". The stored artifact is corrupt: run `distill artifacts verify` and"
                + " delete the damaged stage folder so it is computed again.",
            "CorruptArtifact");
      }
    }
    return permanentFailure(e).<RuntimeException>map(f -> f).orElseGet(() -> Activity.wrap(e));
  }

  /**
   * A non-retryable failure with the one-paragraph message of the storage failure in {@code e}'s
   * causes that no retry fixes (a corrupt manifest, a full disk, denied access), if there is one.
   */
  /**
   * As {@link #failure}, for activities that call a model endpoint's API directly: an answer no
   * retry changes (a 400, a bad key) fails for good.
   */
  static RuntimeException endpointFailure(Exception e) {
    if (e instanceof LlmException llm && !llm.retryable()) {
      return ApplicationFailure.newNonRetryableFailure(
          llm.getMessage(), StageActivitiesImpl.USER_ERROR);
    }
    return failure(e);
  }

  static Optional<ApplicationFailure> permanentFailure(Throwable e) {
    return StorageFaults.permanent(e)
        .map(p -> ApplicationFailure.newNonRetryableFailure(p.getMessage(), p.type()));
  }

  static ApplicationFailure userError(String message) {
    return ApplicationFailure.newNonRetryableFailure(message, StageActivitiesImpl.USER_ERROR);
  }
}
