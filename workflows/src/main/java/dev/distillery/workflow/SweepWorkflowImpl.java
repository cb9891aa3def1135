package dev.distillery.workflow;

import io.temporal.activity.ActivityOptions;
import io.temporal.api.enums.v1.ParentClosePolicy;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.failure.ChildWorkflowFailure;
import io.temporal.workflow.Async;
import io.temporal.workflow.CancellationScope;
import io.temporal.workflow.ChildWorkflowOptions;
import io.temporal.workflow.Promise;
import io.temporal.workflow.SignalExternalWorkflowException;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * See {@link SweepWorkflow}.
 *
 * <p>It is long because a sweep's state (experiments, parallelism, pause, per-endpoint budgets and
 * their waiters) lives in the workflow's fields, shared by its run loop and its many signals,
 * updates and queries.
 */
public class SweepWorkflowImpl implements SweepWorkflow {
  /** Experiment headers read per activity call. */
  static final int PAGE = 200;

  /** The change that stores the sweep's histories as it ends ({@link #keepHistories()}). */
  static final String KEEP_HISTORIES = "keep-histories";

  /** Long enough for thousands of histories; each fetched history heartbeats. */
  private static final ActivityOptions HISTORY_CALL =
      ActivityOptions.newBuilder()
          .setStartToCloseTimeout(Duration.ofMinutes(30))
          .setHeartbeatTimeout(Duration.ofMinutes(2))
          .setSummary("store the workflow histories beside the sweep's records, for audit")
          .setRetryOptions(
              RetryOptions.newBuilder()
                  .setInitialInterval(Duration.ofSeconds(1))
                  .setMaximumAttempts(3)
                  .build())
          .build();

  /** Finished experiments whose full result the progress query keeps; older ones are trimmed. */
  private static final int RESULTS_KEPT = 64;

  private final List<ExperimentStatus> statuses = new ArrayList<>();
  private final List<Integer> finishedOrder = new ArrayList<>();
  private final Map<String, Set<String>> budgetWatchers = new TreeMap<>();
  private final List<String[]> gateOutbox = new ArrayList<>();
  private final List<BudgetCharge> earlyCharges = new ArrayList<>();
  private final Map<String, Long> chargesSeen = new TreeMap<>();
  private final List<String> failures = new ArrayList<>();
  private BudgetLedger budgets;
  private SweepInput input;
  private String sweep = "";
  private int parallelism;
  private int requestedParallelism;
  private boolean paused;
  private int next;
  private int earlierSucceeded;
  private int earlierFailed;
  private int succeeded;
  private int failed;
  private int cancelled;

  @Override
  public SweepOutcome run(SweepInput in) {
    input = in;
    sweep = in.sweep();
    SweepCarry carry = in.carry();
    parallelism = Math.max(1, requestedParallelism > 0 ? requestedParallelism : in.parallelism());
    paused = paused || carry.paused();
    next = carry.next();
    earlierSucceeded = carry.succeeded();
    earlierFailed = carry.failed();
    failures.addAll(carry.failures());
    budgets = new BudgetLedger(in.budgets());
    budgets.restore(carry.budgets());
    earlyCharges.forEach(this::chargeBudget);
    ExecutionSettings settings = in.settings().withBudgeted(in.budgets().keySet());
    if (!in.budgets().isEmpty()) {
      Async.procedure(this::deliverBudgetGates);
    }
    SweepActivities records =
        Workflow.newActivityStub(
            SweepActivities.class,
            StoreCalls.options("read the saved plan, record finished experiments"));
    List<ExperimentHeader> page = List.of();
    Set<Integer> finishedInPage = new HashSet<>();
    int pageStart = next;
    Map<Integer, Promise<ExperimentResult>> running = new LinkedHashMap<>();
    boolean rollOver = false;
    try {
      while (true) {
        while (!paused && !rollOver && running.size() < parallelism && next < in.experiments()) {
          if (next - pageStart >= page.size()) {
            pageStart = next;
            page = records.experiments(in.planKey(), next, PAGE);
            if (page.isEmpty()) {
              throw ApplicationFailure.newNonRetryableFailure(
                  "the saved plan " + in.planKey() + " has no experiment " + next, "PlanMismatch");
            }
            finishedInPage.clear();
            finishedInPage.addAll(records.recordFinished(sweep, in.planKey(), next, page.size()));
          }
          ExperimentHeader header = page.get(next - pageStart);
          String id = WorkflowIds.experiment(sweep, header.name());
          if (finishedInPage.contains(next)) {
            // Every stage has a manifest: nothing to run, and the record is written.
            statuses.add(new ExperimentStatus(header.name(), id, ExperimentState.RUNNING, null));
            succeeded++;
            setState(
                statuses.size() - 1,
                ExperimentState.SUCCEEDED,
                new ExperimentResult(header.name(), Map.of(), true, null, List.of()));
          } else {
            statuses.add(new ExperimentStatus(header.name(), id, ExperimentState.RUNNING, null));
            running.put(statuses.size() - 1, start(header, next, settings));
          }
          next++;
        }
        if (running.isEmpty() && (rollOver || next >= in.experiments())) {
          break;
        }
        Workflow.setCurrentDetails(details());
        int parallelismBefore = parallelism;
        boolean pausedBefore = paused;
        Workflow.await(
            () ->
                running.values().stream().anyMatch(Promise::isCompleted)
                    || paused != pausedBefore
                    || parallelism != parallelismBefore);
        running.entrySet().removeIf(entry -> finish(entry.getKey(), entry.getValue()));
        rollOver = rollOver || historyIsLong();
      }
    } catch (RuntimeException e) {
      if (!CancellationScope.current().isCancelRequested()) {
        throw e;
      }
      // Running experiments were asked to cancel with this scope; record how they ended.
      Workflow.newDetachedCancellationScope(
              () -> {
                Promise.allOf(running.values()).handle((v, f) -> null).get();
                running.forEach(this::finish);
                cancelled += in.experiments() - next;
                Workflow.setCurrentDetails(details() + "\n\n**Cancelled.**");
                keepHistories();
              })
          .run();
      throw e instanceof CanceledFailure ? e : new CanceledFailure("sweep cancelled");
    }
    if (next < in.experiments()) {
      Workflow.continueAsNew(
          in.next(
              parallelism,
              new SweepCarry(
                  next,
                  earlierSucceeded + succeeded,
                  earlierFailed + failed,
                  failures,
                  budgets.status(),
                  in.carry().runs() + 1,
                  paused)));
    }
    Workflow.setCurrentDetails(details());
    SweepOutcome outcome =
        new SweepOutcome(
            sweep,
            in.experiments(),
            earlierSucceeded + succeeded,
            earlierFailed + failed,
            cancelled,
            failures);
    keepHistories();
    if (outcome.failed() > 0) {
      throw ApplicationFailure.newNonRetryableFailure(
          outcome.failed()
              + " of "
              + outcome.experiments()
              + " experiments of sweep '"
              + sweep
              + "' failed",
          EXPERIMENTS_FAILED,
          outcome);
    }
    return outcome;
  }

  /**
   * Stores the histories of the sweep's workflows in the store as the sweep ends (best effort: a
   * sweep does not fail for want of its audit trail). Sweeps started by earlier code did not.
   */
  private void keepHistories() {
    if (Workflow.getVersion(KEEP_HISTORIES, Workflow.DEFAULT_VERSION, 1) < 1) {
      return;
    }
    try {
      Workflow.newActivityStub(SweepActivities.class, HISTORY_CALL)
          .keepHistories(sweep, input.planKey());
    } catch (ActivityFailure e) {
      Workflow.getLogger(SweepWorkflowImpl.class)
          .warn("the histories of sweep '{}' were not stored: {}", sweep, Failures.message(e));
    }
  }

  private boolean historyIsLong() {
    return Workflow.getInfo().getHistoryLength() > input.effectiveHistoryLimit()
        || Workflow.getInfo().isContinueAsNewSuggested();
  }

  private Promise<ExperimentResult> start(
      ExperimentHeader header, int index, ExecutionSettings settings) {
    ExperimentWorkflow child =
        Workflow.newChildWorkflowStub(
            ExperimentWorkflow.class,
            ChildWorkflowOptions.newBuilder()
                .setWorkflowId(WorkflowIds.experiment(sweep, header.name()))
                .setTaskQueue(TaskQueues.DISTILL)
                .setStaticSummary("experiment " + header.name() + " of " + sweep)
                .setStaticDetails(axisMarkdown(header))
                .setParentClosePolicy(ParentClosePolicy.PARENT_CLOSE_POLICY_REQUEST_CANCEL)
                .setWorkflowIdReusePolicy(
                    WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE)
                .build());
    return Async.function(
        child::run,
        new ExperimentInput(
            sweep, input.recipe(), null, settings, input.planKey(), index, header.name()));
  }

  /** Records a finished experiment; returns false while it is still running. */
  private boolean finish(int index, Promise<ExperimentResult> promise) {
    if (!promise.isCompleted()) {
      return false;
    }
    ExperimentStatus status = statuses.get(index);
    RuntimeException failure = promise.getFailure();
    if (failure == null) {
      succeeded++;
      setState(index, ExperimentState.SUCCEEDED, promise.get());
      return true;
    }
    if (failure instanceof ChildWorkflowFailure child
        && child.getCause() instanceof CanceledFailure) {
      cancelled++;
      setState(
          index,
          ExperimentState.CANCELLED,
          new ExperimentResult(
              status.experiment(), Map.of(), false, ExperimentResult.CANCELLED, List.of()));
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
    failed++;
    if (failures.size() < SweepOutcome.MAX_FAILURES) {
      failures.add(status.experiment() + ": " + partial.failure());
    }
    setState(index, ExperimentState.FAILED, partial);
    return true;
  }

  private void setState(int index, ExperimentState state, ExperimentResult result) {
    ExperimentStatus old = statuses.get(index);
    statuses.set(index, new ExperimentStatus(old.experiment(), old.workflowId(), state, result));
    if (result == null) {
      return;
    }
    // The progress query must stay small: only recent results are kept whole.
    finishedOrder.add(index);
    if (finishedOrder.size() > RESULTS_KEPT) {
      int oldest = finishedOrder.remove(0);
      ExperimentStatus s = statuses.get(oldest);
      ExperimentResult r = s.result();
      statuses.set(
          oldest,
          new ExperimentStatus(
              s.experiment(),
              s.workflowId(),
              s.state(),
              new ExperimentResult(
                  r.experiment(), Map.of(), r.succeeded(), r.failure(), List.of())));
    }
  }

  @Override
  public boolean budgetOpen(String endpoint) {
    return budgets == null || budgets.open(endpoint);
  }

  @Override
  public SweepProgress progress() {
    int total = input == null ? 0 : input.experiments();
    return new SweepProgress(
        sweep,
        statuses,
        budgets == null ? List.of() : budgets.status(),
        total,
        earlierSucceeded,
        earlierFailed,
        Math.max(0, total - next),
        paused,
        parallelism,
        input == null ? null : input.planKey());
  }

  @Override
  public SweepInput plan() {
    return input;
  }

  @Override
  public void pause() {
    paused = true;
  }

  @Override
  public void unpause() {
    paused = false;
  }

  @Override
  public void setParallelism(int newParallelism) {
    requestedParallelism = Math.max(1, newParallelism);
    parallelism = requestedParallelism;
  }

  @Override
  public SweepControlState control(SweepControl control) {
    if (Boolean.TRUE.equals(control.paused())) {
      pause();
    }
    if (control.parallelism() != null) {
      setParallelism(control.parallelism());
    }
    if (Boolean.FALSE.equals(control.paused())) {
      unpause();
    }
    return new SweepControlState(
        paused, parallelism, input == null ? 0 : Math.max(0, input.experiments() - next));
  }

  @Override
  public void validateControl(SweepControl control) {
    if (control.parallelism() != null && control.parallelism() < 1) {
      throw new IllegalArgumentException(
          "--parallelism must be at least 1, not " + control.parallelism() + ".");
    }
  }

  @Override
  public BudgetStatus addBudget(BudgetIncrease increase) {
    raiseBudget(increase);
    String endpoint = increase.endpoint() == null ? budgets.only() : increase.endpoint();
    return budgets.status().stream()
        .filter(b -> b.endpoint().equals(endpoint))
        .findFirst()
        .orElseThrow();
  }

  @Override
  public void validateAddBudget(BudgetIncrease increase) {
    List<BudgetStatus> all = budgets == null ? List.of() : budgets.status();
    if (all.isEmpty()) {
      throw new IllegalArgumentException(
          "sweep '"
              + sweep
              + "' has no budget to raise. Budgets are set in the sweep file under `budget:`.");
    }
    String endpoint = increase.endpoint() == null ? budgets.only() : increase.endpoint();
    BudgetStatus target = null;
    for (BudgetStatus b : all) {
      target = b.endpoint().equals(endpoint) ? b : target;
    }
    if (target == null) {
      throw new IllegalArgumentException(
          (increase.endpoint() == null
                  ? "sweep '" + sweep + "' has several budgets"
                  : "sweep '" + sweep + "' has no budget for " + increase.endpoint())
              + "; pass --endpoint with one of: "
              + String.join(", ", all.stream().map(BudgetStatus::endpoint).toList()));
    }
    boolean fits =
        increase.tokens() >= 0
            && increase.microUsd() >= 0
            && (increase.tokens() > 0 || increase.microUsd() > 0)
            && (increase.tokens() == 0 || target.tokenLimit() > 0)
            && (increase.microUsd() == 0 || target.microUsdLimit() > 0);
    if (!fits) {
      throw new IllegalArgumentException(
          "the increase does not fit the budget of "
              + target.endpoint()
              + ", which limits "
              + (target.tokenLimit() > 0 ? "tokens" : "")
              + (target.tokenLimit() > 0 && target.microUsdLimit() > 0 ? " and " : "")
              + (target.microUsdLimit() > 0 ? "dollars" : "")
              + ". Add a positive number of tokens (2000000) or dollars (25usd).");
    }
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
    budgets.settle(charge);
    chargesSeen.merge(charge.stageWorkflowId(), charge.seq(), Math::max);
    if (wasOpen && !budgets.open(charge.endpoint())) {
      notifyWatchers(charge.endpoint());
    } else {
      gateOutbox.add(new String[] {charge.stageWorkflowId(), charge.endpoint()});
      wakeStarved(charge.endpoint());
    }
  }

  @Override
  public SpendGrant reportSpend(SpendReport report) {
    if (budgets == null || !budgets.has(report.endpoint())) {
      return SpendGrant.unlimited();
    }
    boolean wasOpen = budgets.open(report.endpoint());
    SpendGrant grant = budgets.grant(report);
    if (wasOpen && !budgets.open(report.endpoint())) {
      notifyWatchers(report.endpoint());
    } else if (report.last()) {
      wakeStarved(report.endpoint());
    }
    return grant;
  }

  @Override
  public void releaseBudget(String stageWorkflowId) {
    if (budgets != null) {
      budgets.release(stageWorkflowId);
    }
  }

  /** Tells stages refused a grant for lack of room that room may have appeared. */
  private void wakeStarved(String endpoint) {
    if (budgets.open(endpoint)) {
      for (String id : budgets.takeStarved()) {
        gateOutbox.add(new String[] {id, endpoint});
      }
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
          Workflow.newExternalWorkflowStub(StageWorkflow.class, gate[0])
              .budgetGate(
                  new BudgetGate(endpoint, open, message, chargesSeen.getOrDefault(gate[0], 0L)));
        } catch (SignalExternalWorkflowException | ApplicationFailure e) {
          // The stage has ended; it needs no gate.
        }
      }
    }
  }

  private String details() {
    int total = input == null ? 0 : input.experiments();
    int running = 0;
    for (ExperimentStatus status : statuses) {
      running += status.state() == ExperimentState.RUNNING ? 1 : 0;
    }
    StringBuilder md = new StringBuilder("**Sweep `" + sweep + "`**: ");
    md.append(earlierSucceeded + succeeded)
        .append(" succeeded, ")
        .append(earlierFailed + failed)
        .append(" failed, ");
    if (cancelled > 0) {
      md.append(cancelled).append(" cancelled, ");
    }
    md.append(running)
        .append(" running, ")
        .append(Math.max(0, total - next))
        .append(" waiting (of ")
        .append(total)
        .append("; at most ")
        .append(parallelism)
        .append(" at once)");
    if (paused) {
      md.append("\n- **Paused**: no new experiment starts until `distill unpause ")
          .append(sweep)
          .append('`');
    }
    if (input != null && input.carry().runs() > 0) {
      md.append("\n- Run ").append(input.carry().runs() + 1).append(" (continued as new)");
    }
    if (budgets != null) {
      for (BudgetStatus b : budgets.status()) {
        md.append(b.paused() ? "\n- **Paused**, budget used up: " : "\n- Budget: ")
            .append(budgets.describe(b.endpoint()));
      }
    }
    return md.toString();
  }

  private String axisMarkdown(ExperimentHeader header) {
    StringBuilder md = new StringBuilder("Recipe `" + input.recipe() + "`");
    header.axisValues().forEach((k, v) -> md.append("\n- `").append(k).append("` = ").append(v));
    return md.toString();
  }
}
