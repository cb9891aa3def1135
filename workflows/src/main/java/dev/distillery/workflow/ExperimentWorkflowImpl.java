package dev.distillery.workflow;

import dev.distillery.plan.PlannedStage;
import io.temporal.activity.ActivityOptions;
import io.temporal.api.enums.v1.ParentClosePolicy;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.ChildWorkflowFailure;
import io.temporal.workflow.Async;
import io.temporal.workflow.ChildWorkflowOptions;
import io.temporal.workflow.ExternalWorkflowStub;
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
  private static final ActivityOptions LOOKUP =
      ActivityOptions.newBuilder()
          .setStartToCloseTimeout(Duration.ofMinutes(1))
          .setRetryOptions(
              RetryOptions.newBuilder()
                  .setInitialInterval(Duration.ofSeconds(1))
                  .setMaximumInterval(Duration.ofSeconds(30))
                  .setMaximumAttempts(20)
                  .build())
          .build();

  private final Map<String, StageNotice> notices = new HashMap<>();
  private final List<StageResult> finished = new ArrayList<>();
  private String experiment = "";
  private String currentStage;
  private String currentStageWorkflowId;
  private int stageCount;

  @Override
  public ExperimentResult run(ExperimentInput input) {
    experiment = input.experiment().name();
    List<PlannedStage> stages = input.experiment().stages();
    stageCount = stages.size();
    SearchAttributeUpserts.experiment(input);
    // Every stage's manifest is looked up at once: a fully reused experiment costs one round trip.
    List<Promise<StageResult>> lookups = new ArrayList<>();
    for (PlannedStage stage : stages) {
      StageActivities activities =
          Workflow.newActivityStub(
              StageActivities.class,
              ActivityOptions.newBuilder(LOOKUP)
                  .setSummary("look up " + stage.id() + " (" + stage.kind() + ")")
                  .build());
      lookups.add(
          Async.function(
              activities::lookup,
              new StageInput(input.sweep(), experiment, stage, input.settings())));
    }
    for (int i = 0; i < stages.size(); i++) {
      PlannedStage stage = stages.get(i);
      currentStage = stage.id();
      currentStageWorkflowId = WorkflowIds.stage(stage.ref());
      SearchAttributeUpserts.currentStage(currentStage);
      Workflow.setCurrentDetails(details(input));
      StageInput stageInput = new StageInput(input.sweep(), experiment, stage, input.settings());
      try {
        finished.add(obtain(stageInput, lookups.get(i)));
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

  private StageResult obtain(StageInput input, Promise<StageResult> lookup) {
    PlannedStage stage = input.stage();
    StageResult existing = lookup.get();
    if (existing != null) {
      return existing.withStageId(stage.id()).withOutcome(StageOutcome.REUSED);
    }
    String stageWorkflowId = WorkflowIds.stage(stage.ref());
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
                  .setWorkflowIdReusePolicy(
                      WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE)
                  .build());
      Promise<StageResult> result = Async.function(child::run, input);
      try {
        Workflow.getWorkflowExecution(child).get();
        return result.get().withStageId(stage.id());
      } catch (ChildWorkflowFailure e) {
        if (!(e.getCause() instanceof WorkflowExecutionAlreadyStarted)) {
          throw e;
        }
      }
      StageResult joined = join(stageWorkflowId, input);
      if (joined != null) {
        return joined.withStageId(stage.id()).withOutcome(StageOutcome.JOINED);
      }
    }
  }

  /** Waits for a running stage workflow; null means "it is gone, try again". */
  private StageResult join(String stageWorkflowId, StageInput input) {
    String key = input.stage().key();
    ExternalWorkflowStub running = Workflow.newUntypedExternalWorkflowStub(stageWorkflowId);
    try {
      running.signal(StageWorkflow.SUBSCRIBE_SIGNAL, Workflow.getInfo().getWorkflowId());
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
