package dev.distillery.workflow;

import dev.distillery.plan.ExperimentPlan;
import dev.distillery.plan.SweepPlan;
import io.temporal.api.enums.v1.ParentClosePolicy;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.ChildWorkflowFailure;
import io.temporal.workflow.Async;
import io.temporal.workflow.ChildWorkflowOptions;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** See {@link SweepWorkflow}. */
public class SweepWorkflowImpl implements SweepWorkflow {
  private final List<ExperimentStatus> statuses = new ArrayList<>();
  private String sweep = "";

  @Override
  public SweepResult run(SweepInput input) {
    SweepPlan plan = input.plan();
    sweep = plan.sweep();
    for (ExperimentPlan experiment : plan.experiments()) {
      statuses.add(
          new ExperimentStatus(
              experiment.name(),
              WorkflowIds.experiment(sweep, experiment.name()),
              ExperimentState.WAITING,
              null));
    }
    Map<Integer, Promise<ExperimentResult>> running = new LinkedHashMap<>();
    int next = 0;
    while (next < plan.experiments().size() || !running.isEmpty()) {
      while (running.size() < plan.parallelism() && next < plan.experiments().size()) {
        running.put(next, start(plan, plan.experiments().get(next), input.settings()));
        setState(next, ExperimentState.RUNNING, null);
        next++;
      }
      Workflow.setCurrentDetails(details());
      Promise.anyOf(running.values()).handle((value, failure) -> null).get();
      running.entrySet().removeIf(entry -> finish(entry.getKey(), entry.getValue()));
    }
    Workflow.setCurrentDetails(details());
    SweepResult result =
        new SweepResult(sweep, statuses.stream().map(ExperimentStatus::result).toList());
    if (result.failed() > 0) {
      throw ApplicationFailure.newNonRetryableFailure(
          result.failed()
              + " of "
              + statuses.size()
              + " experiments of sweep '"
              + sweep
              + "' failed",
          EXPERIMENTS_FAILED,
          result);
    }
    return result;
  }

  private Promise<ExperimentResult> start(
      SweepPlan plan, ExperimentPlan experiment, ExecutionSettings settings) {
    ExperimentWorkflow child =
        Workflow.newChildWorkflowStub(
            ExperimentWorkflow.class,
            ChildWorkflowOptions.newBuilder()
                .setWorkflowId(WorkflowIds.experiment(sweep, experiment.name()))
                .setTaskQueue(TaskQueues.DISTILL)
                .setStaticSummary("experiment " + experiment.name() + " of " + sweep)
                .setStaticDetails(axisMarkdown(plan, experiment))
                .setParentClosePolicy(ParentClosePolicy.PARENT_CLOSE_POLICY_REQUEST_CANCEL)
                .setWorkflowIdReusePolicy(
                    WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE)
                .build());
    return Async.function(
        child::run, new ExperimentInput(sweep, plan.recipe(), experiment, settings));
  }

  /** Records a finished experiment; returns false while it is still running. */
  private boolean finish(int index, Promise<ExperimentResult> promise) {
    if (!promise.isCompleted()) {
      return false;
    }
    ExperimentStatus status = statuses.get(index);
    RuntimeException failure = promise.getFailure();
    if (failure == null) {
      setState(index, ExperimentState.SUCCEEDED, promise.get());
      return true;
    }
    ExperimentResult partial = null;
    if (failure instanceof ChildWorkflowFailure child
        && child.getCause() instanceof ApplicationFailure app
        && ExperimentWorkflow.STAGE_FAILED.equals(app.getType())) {
      partial = app.getDetails().get(ExperimentResult.class);
    }
    if (partial == null) {
      partial =
          new ExperimentResult(
              status.experiment(), Map.of(), false, Failures.message(failure), List.of());
    }
    setState(index, ExperimentState.FAILED, partial);
    return true;
  }

  private void setState(int index, ExperimentState state, ExperimentResult result) {
    ExperimentStatus old = statuses.get(index);
    statuses.set(index, new ExperimentStatus(old.experiment(), old.workflowId(), state, result));
  }

  @Override
  public SweepProgress progress() {
    return new SweepProgress(sweep, statuses);
  }

  private String details() {
    Map<ExperimentState, Integer> counts = new LinkedHashMap<>();
    for (ExperimentStatus status : statuses) {
      counts.merge(status.state(), 1, Integer::sum);
    }
    StringBuilder md = new StringBuilder("**Sweep `" + sweep + "`**: ");
    counts.forEach(
        (state, n) -> md.append(n).append(' ').append(state.name().toLowerCase()).append(", "));
    md.setLength(md.length() - 2);
    return md.toString();
  }

  private static String axisMarkdown(SweepPlan plan, ExperimentPlan experiment) {
    StringBuilder md = new StringBuilder("Recipe `" + plan.recipe() + "`");
    experiment
        .axisValues()
        .forEach((k, v) -> md.append("\n- `").append(k).append("` = ").append(v));
    return md.toString();
  }
}
