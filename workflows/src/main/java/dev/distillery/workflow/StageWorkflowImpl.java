package dev.distillery.workflow;

import dev.distillery.plan.PlannedStage;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.workflow.ExternalWorkflowStub;
import io.temporal.workflow.SignalExternalWorkflowException;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Set;

/** See {@link StageWorkflow}. */
public class StageWorkflowImpl implements StageWorkflow {
  private final Set<String> subscribers = new LinkedHashSet<>();

  @Override
  public StageResult run(StageInput input) {
    PlannedStage stage = input.stage();
    Workflow.setCurrentDetails(
        "Computing **" + stage.id() + "** (`" + stage.kind() + "`) for " + input.experiment());
    StageActivities activities =
        Workflow.newActivityStub(
            StageActivities.class,
            ActivityOptions.newBuilder()
                .setSummary(stage.id() + " (" + stage.kind() + ") for " + input.experiment())
                .setStartToCloseTimeout(Duration.ofMinutes(stage.retry().timeoutMinutes()))
                .setHeartbeatTimeout(Duration.ofSeconds(input.settings().heartbeatTimeoutSeconds()))
                .setRetryOptions(
                    RetryOptions.newBuilder()
                        .setMaximumAttempts(stage.retry().maxAttempts())
                        .setInitialInterval(Duration.ofSeconds(1))
                        .setBackoffCoefficient(2.0)
                        .setMaximumInterval(Duration.ofMinutes(1))
                        .build())
                .build());
    try {
      StageResult result = activities.compute(input);
      notifySubscribers(new StageNotice(stage.key(), result, null));
      return result;
    } catch (ActivityFailure e) {
      String message = Failures.message(e);
      notifySubscribers(new StageNotice(stage.key(), null, message));
      throw ApplicationFailure.newNonRetryableFailure(message, ExperimentWorkflow.STAGE_FAILED);
    }
  }

  @Override
  public void subscribe(String experimentWorkflowId) {
    subscribers.add(experimentWorkflowId);
  }

  private void notifySubscribers(StageNotice notice) {
    // Signals that arrive while this loop runs are added to the set and handled before the
    // workflow completes; a joiner whose signal comes later re-checks on its own timer.
    Set<String> notified = new LinkedHashSet<>();
    while (!notified.containsAll(subscribers)) {
      for (String id : Set.copyOf(subscribers)) {
        if (notified.add(id)) {
          ExternalWorkflowStub joiner = Workflow.newUntypedExternalWorkflowStub(id);
          try {
            joiner.signal("stageFinished", notice);
          } catch (SignalExternalWorkflowException | ApplicationFailure e) {
            // The joiner has ended; nothing to tell it.
          }
        }
      }
    }
  }
}
