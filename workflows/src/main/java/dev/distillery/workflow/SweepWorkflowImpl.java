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
import io.temporal.workflow.SignalExternalWorkflowException;
import io.temporal.workflow.Workflow;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** See {@link SweepWorkflow}. */
public class SweepWorkflowImpl implements SweepWorkflow {
  private final List<ExperimentStatus> statuses = new ArrayList<>();
  private final Map<String, Set<String>> budgetWatchers = new TreeMap<>();
  private final List<String[]> gateOutbox = new ArrayList<>();
  private final List<BudgetCharge> earlyCharges = new ArrayList<>();
  private final Map<String, Long> chargesSeen = new TreeMap<>();
  private BudgetLedger budgets;
  private String sweep = "";

  @Override
  public SweepResult run(SweepInput input) {
    SweepPlan plan = input.plan();
    sweep = plan.sweep();
    budgets = new BudgetLedger(plan.budgets());
    earlyCharges.forEach(this::chargeBudget);
    ExecutionSettings settings = input.settings().withBudgeted(plan.budgets().keySet());
    if (!plan.budgets().isEmpty()) {
      Async.procedure(this::deliverBudgetGates);
    }
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
        running.put(next, start(plan, plan.experiments().get(next), settings));
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
    return new SweepProgress(sweep, statuses, budgets == null ? List.of() : budgets.status());
  }

  @Override
  public void watchBudget(BudgetWatch watch) {
    budgetWatchers
        .computeIfAbsent(watch.endpoint(), k -> new LinkedHashSet<>())
        .add(watch.stageWorkflowId());
    gateOutbox.add(new String[] {watch.stageWorkflowId(), watch.endpoint()});
  }

  @Override
  public void chargeBudget(BudgetCharge charge) {
    if (budgets == null) {
      earlyCharges.add(charge); // A signal handled before run() began.
      return;
    }
    boolean wasOpen = budgets.open(charge.endpoint());
    budgets.charge(charge.endpoint(), charge.tokens(), charge.microUsd());
    chargesSeen.merge(charge.stageWorkflowId(), charge.seq(), Math::max);
    if (wasOpen && !budgets.open(charge.endpoint())) {
      notifyWatchers(charge.endpoint());
    } else {
      gateOutbox.add(new String[] {charge.stageWorkflowId(), charge.endpoint()});
    }
  }

  @Override
  public void raiseBudget(BudgetIncrease increase) {
    if (budgets == null) {
      return;
    }
    String endpoint = increase.endpoint() == null ? budgets.only() : increase.endpoint();
    if (endpoint == null || !budgets.has(endpoint)) {
      return;
    }
    boolean wasOpen = budgets.open(endpoint);
    budgets.raise(endpoint, increase.tokens(), increase.microUsd());
    if (!wasOpen && budgets.open(endpoint)) {
      notifyWatchers(endpoint);
    }
  }

  private void notifyWatchers(String endpoint) {
    for (String id : budgetWatchers.getOrDefault(endpoint, Set.of())) {
      gateOutbox.add(new String[] {id, endpoint});
    }
  }

  /**
   * Sends queued budget gates to stage workflows. Signal handlers only queue them: sending from a
   * handler would block it.
   */
  private void deliverBudgetGates() {
    while (true) {
      Workflow.await(() -> !gateOutbox.isEmpty());
      List<String[]> batch = new ArrayList<>(gateOutbox);
      gateOutbox.clear();
      Workflow.setCurrentDetails(details());
      for (String[] gate : batch) {
        String endpoint = gate[1];
        boolean open = budgets.open(endpoint);
        String message =
            open
                ? "budget open: " + budgets.describe(endpoint)
                : "budget used up: "
                    + budgets.describe(endpoint)
                    + ". Raise it with `distill budget "
                    + sweep
                    + " --add ...`, or cancel the sweep.";
        try {
          Workflow.newUntypedExternalWorkflowStub(gate[0])
              .signal(
                  StageWorkflow.BUDGET_SIGNAL,
                  new BudgetGate(endpoint, open, message, chargesSeen.getOrDefault(gate[0], 0L)));
        } catch (SignalExternalWorkflowException | ApplicationFailure e) {
          // The stage has ended; it needs no gate.
        }
      }
    }
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
    if (budgets != null) {
      for (BudgetStatus b : budgets.status()) {
        md.append(b.paused() ? "\n- **Paused**, budget used up: " : "\n- Budget: ")
            .append(budgets.describe(b.endpoint()));
      }
    }
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
