package dev.distillery.workflow;

import dev.distillery.plan.PlannedStage;
import io.temporal.api.enums.v1.ParentClosePolicy;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.failure.ChildWorkflowFailure;
import io.temporal.workflow.Async;
import io.temporal.workflow.CancellationScope;
import io.temporal.workflow.ChildWorkflowCancellationType;
import io.temporal.workflow.ChildWorkflowOptions;
import io.temporal.workflow.Promise;
import io.temporal.workflow.SignalExternalWorkflowException;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** See {@link ExperimentWorkflow}. */
public class ExperimentWorkflowImpl implements ExperimentWorkflow {
  private final Map<String, StageNotice> notices = new HashMap<>();
  private final List<StageResult> finished = new ArrayList<>();
  private String experiment = "";
  private String currentStage;
  private String currentStageWorkflowId;
  private int stageCount;

  /** The stage workflow this experiment started or joined and waits for, if any. */
  private String awaitedStage;

  /** Whether stages outlive this experiment's cancellation, which it announces by leaving them. */
  private boolean leavesStages;

  @Override
  public ExperimentResult run(ExperimentInput given) {
    experiment = given.name();
    SweepActivities records =
        Workflow.newActivityStub(
            SweepActivities.class, StoreCalls.options("read or record " + experiment));
    ExperimentInput input = given;
    try {
      if (input.experiment() == null) {
        input = input.withExperiment(records.experiment(input.planKey(), input.index()));
      }
      ExperimentResult result = runStages(input);
      record(records, input, result);
      return result;
    } catch (RuntimeException e) {
      ExperimentInput known = input;
      Map<String, String> axes =
          known.experiment() == null ? Map.of() : known.experiment().axisValues();
      if (CancellationScope.current().isCancelRequested()) {
        Workflow.newDetachedCancellationScope(
                () -> {
                  leaveAwaitedStage();
                  record(
                      records,
                      known,
                      new ExperimentResult(
                          experiment, axes, false, ExperimentResult.CANCELLED, finished));
                })
            .run();
        throw e instanceof CanceledFailure ? e : new CanceledFailure("experiment cancelled");
      }
      ExperimentResult partial =
          e instanceof ApplicationFailure app && STAGE_FAILED.equals(app.getType())
              ? app.getDetails().get(ExperimentResult.class)
              : new ExperimentResult(experiment, axes, false, Failures.message(e), finished);
      record(records, input, partial);
      throw e;
    }
  }

  /** Writes the experiment's record into the store when it belongs to a saved sweep. */
  private static void record(
      SweepActivities records, ExperimentInput input, ExperimentResult result) {
    if (input.planKey() != null) {
      records.recordExperiment(input.sweep(), result);
    }
  }

  private ExperimentResult runStages(ExperimentInput input) {
    List<PlannedStage> stages = input.experiment().stages();
    stageCount = stages.size();
    SearchAttributeUpserts.experiment(input);
    // Every stage's manifest is looked up at once: a fully reused experiment costs one round trip.
    List<StageInput> inputs = new ArrayList<>();
    for (PlannedStage stage : stages) {
      inputs.add(new StageInput(input.sweep(), experiment, stage, input.settings()));
    }
    List<StageResult> existing =
        Workflow.newActivityStub(
                StageActivities.class,
                StoreCalls.options("look up the manifests of " + stages.size() + " stages"))
            .lookup(inputs);
    for (int i = 0; i < stages.size(); i++) {
      PlannedStage stage = stages.get(i);
      currentStage = stage.id();
      currentStageWorkflowId = WorkflowIds.stage(stage.ref());
      SearchAttributeUpserts.currentStage(currentStage);
      Workflow.setCurrentDetails(details(input));
      StageInput stageInput = new StageInput(input.sweep(), experiment, stage, input.settings());
      try {
        finished.add(obtain(stageInput, existing.get(i)));
      } catch (ActivityFailure | ChildWorkflowFailure | ApplicationFailure e) {
        String failure =
            "stage '" + stage.id() + "' (" + stage.kind() + ") failed: " + Failures.message(e);
        currentStage = null;
        currentStageWorkflowId = null;
        Workflow.setCurrentDetails(details(input) + "\n\n**Failed:** " + failure);
        throw ApplicationFailure.newNonRetryableFailure(
            failure,
            STAGE_FAILED,
            new ExperimentResult(
                experiment, input.experiment().axisValues(), false, failure, finished));
      }
    }
    currentStage = null;
    currentStageWorkflowId = null;
    Workflow.setCurrentDetails(details(input));
    return new ExperimentResult(experiment, input.experiment().axisValues(), true, null, finished);
  }

  private StageResult obtain(StageInput input, StageResult existing) {
    PlannedStage stage = input.stage();
    if (existing != null) {
      return existing.withStageId(stage.id()).withOutcome(StageOutcome.REUSED);
    }
    String stageWorkflowId = WorkflowIds.stage(stage.ref());
    // A stage is shared: cancelling this experiment must not cancel it for the others that joined.
    leavesStages =
        Workflow.getVersion("stages-outlive-a-cancelled-experiment", Workflow.DEFAULT_VERSION, 1)
            == 1;
    awaitedStage = stageWorkflowId;
    while (true) {
      StageWorkflow child =
          Workflow.newChildWorkflowStub(
              StageWorkflow.class,
              ChildWorkflowOptions.newBuilder()
                  .setWorkflowId(stageWorkflowId)
                  .setTaskQueue(TaskQueues.DISTILL)
                  .setStaticSummary(stage.kind() + " " + stage.ref().shortKey())
                  .setStaticDetails(
                      "Stage `"
                          + stage.id()
                          + "` of kind `"
                          + stage.kind()
                          + "`, key `"
                          + stage.key()
                          + "`, first asked for by "
                          + input.experiment())
                  // A shared stage keeps running for the other experiments that joined it.
                  .setParentClosePolicy(ParentClosePolicy.PARENT_CLOSE_POLICY_ABANDON)
                  .setCancellationType(
                      leavesStages
                          ? ChildWorkflowCancellationType.ABANDON
                          : ChildWorkflowCancellationType.WAIT_CANCELLATION_COMPLETED)
                  .setWorkflowIdReusePolicy(
                      WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE)
                  .build());
      Promise<StageResult> result = Async.function(child::run, input);
      try {
        Workflow.getWorkflowExecution(child).get();
        StageResult computed = result.get().withStageId(stage.id());
        awaitedStage = null;
        return computed;
      } catch (ChildWorkflowFailure e) {
        if (!(e.getCause() instanceof WorkflowExecutionAlreadyStarted)) {
          throw e;
        }
        // The run's promise failed the same way; reading it keeps the SDK from logging the
        // failure as ignored (a stack trace per joined stage on every replay).
        result.getFailure();
      }
      StageResult joined = join(stageWorkflowId, input);
      if (joined != null) {
        awaitedStage = null;
        return joined.withStageId(stage.id()).withOutcome(StageOutcome.JOINED);
      }
    }
  }

  /**
   * Tells the stage this experiment waits for that it no longer needs it ({@link
   * StageWorkflow#leave}).
   */
  private void leaveAwaitedStage() {
    if (!leavesStages || awaitedStage == null) {
      return;
    }
    try {
      Workflow.newExternalWorkflowStub(StageWorkflow.class, awaitedStage)
          .leave(Workflow.getInfo().getWorkflowId());
    } catch (SignalExternalWorkflowException | ApplicationFailure e) {
      // The stage has ended already.
    }
  }

  /** Waits for a running stage workflow; null means "it is gone, try again". */
  private StageResult join(String stageWorkflowId, StageInput input) {
    String key = input.stage().key();
    StageWorkflow running = Workflow.newExternalWorkflowStub(StageWorkflow.class, stageWorkflowId);
    try {
      running.subscribe(Workflow.getInfo().getWorkflowId());
    } catch (SignalExternalWorkflowException | ApplicationFailure e) {
      // The stage workflow ended between our start attempt and the signal (the SDK reports
      // NOT_FOUND as an ApplicationFailure): start again, which finds the manifest.
      return null;
    }
    Workflow.await(
        Duration.ofSeconds(input.settings().joinRecheckSeconds()), () -> notices.containsKey(key));
    StageNotice notice = notices.remove(key);
    if (notice == null) {
      return null;
    }
    if (notice.failure() != null) {
      throw ApplicationFailure.newNonRetryableFailure(notice.failure(), STAGE_FAILED);
    }
    return notice.result();
  }

  @Override
  public void stageFinished(StageNotice notice) {
    notices.put(notice.key(), notice);
  }

  @Override
  public ExperimentProgress progress() {
    return new ExperimentProgress(
        experiment, currentStage, currentStageWorkflowId, stageCount, finished);
  }

  private String details(ExperimentInput input) {
    StringBuilder md = new StringBuilder();
    md.append("**")
        .append(experiment)
        .append("** of sweep `")
        .append(input.sweep())
        .append("`, recipe `")
        .append(input.recipe())
        .append("`\n\n");
    input
        .experiment()
        .axisValues()
        .forEach(
            (axis, value) ->
                md.append("- `").append(axis).append("` = ").append(value).append('\n'));
    md.append("\nStages: ").append(finished.size()).append('/').append(stageCount).append(" done");
    if (currentStage != null) {
      md.append(", now **").append(currentStage).append("**");
    }
    return md.toString();
  }
}
