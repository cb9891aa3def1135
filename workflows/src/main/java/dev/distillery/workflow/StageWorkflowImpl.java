package dev.distillery.workflow;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.distillery.plan.PlannedStage;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.workflow.Async;
import io.temporal.workflow.CancellationScope;
import io.temporal.workflow.Promise;
import io.temporal.workflow.SignalExternalWorkflowException;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * See {@link StageWorkflow}.
 *
 * <p>It is long because a stage run's state (shards, budget gate, batches, fine-tuning job,
 * subscribers) lives in the workflow's fields, shared by its run loop, signals and queries.
 */
public class StageWorkflowImpl implements StageWorkflow {
  private static final String ABANDONED = "every experiment that needed it was cancelled";
  private final Set<String> left = new TreeSet<>();
  private CancellationScope work;
  private boolean abandoned;
  private final Set<String> subscribers = new LinkedHashSet<>();
  private final Map<String, String> batches = new TreeMap<>();
  private final Map<Long, Long> runningDone = new TreeMap<>();
  private final Set<Long> finishedShards = new TreeSet<>();
  private BudgetGate gate;
  private long charges;
  private String label = "";
  private long rowsTotal;
  private int shardsTotal;
  private long finishedRows;
  private int shardsRunning;
  private boolean paused;
  private String pausedWhere;
  private long rateSinceMillis = -1;
  private long rateSinceRows;
  private long updatedAtMillis;
  private String budgetEndpoint;

  @Override
  public StageResult run(StageInput input) {
    PlannedStage stage = input.stage();
    StageCarry carry = input.carry();
    subscribers.addAll(carry.subscribers());
    left.addAll(carry.left());
    charges = carry.charges();
    finishedShards.addAll(carry.finishedShards());
    finishedRows = carry.finishedRows();
    SearchAttributeUpserts.stage(input);
    label = "**" + stage.id() + "** (`" + stage.kind() + "`) for " + input.experiment();
    Workflow.setCurrentDetails("Computing " + label);
    StageActivities activities =
        Workflow.newActivityStub(
            StageActivities.class,
            options(input, stage.id() + " (" + stage.kind() + ") for " + input.experiment()));
    // Evals ran as one activity before "sharded-eval"; their histories replay that way.
    boolean sharded =
        stage.traits().sharded()
            && Workflow.getVersion(
                    "eval".equals(stage.kind()) ? "sharded-eval" : "sharded-stages",
                    Workflow.DEFAULT_VERSION,
                    1)
                == 1;
    boolean fineTune = stage.traits().fineTune();
    if (stage.traits().gpu()) {
      activities =
          Workflow.newActivityStub(
              StageActivities.class,
              ActivityOptions.newBuilder(
                      options(
                          input, stage.id() + " (" + stage.kind() + ") for " + input.experiment()))
                  .setTaskQueue(TaskQueues.GPU)
                  .build());
    }
    StageActivities compute = activities;
    StageResult[] result = new StageResult[1];
    work =
        Workflow.newCancellationScope(
            () -> {
              if (fineTune) {
                result[0] = fineTune(input);
              } else {
                result[0] = sharded ? computeSharded(input, compute) : compute.compute(input);
              }
            });
    if (abandoned) {
      work.cancel(ABANDONED);
    }
    try {
      work.run();
      Workflow.setCurrentDetails(
          String.format(
              "Done: **%s** (`%s`), %d rows written. Manifest: %s",
              stage.id(), stage.kind(), result[0].rowsOut(), result[0].manifestUri()));
      notifySubscribers(new StageNotice(stage.key(), result[0], null));
      return result[0];
    } catch (ActivityFailure | ApplicationFailure | CanceledFailure e) {
      boolean stopped = abandoned && !CancellationScope.current().isCancelRequested();
      if (e instanceof CanceledFailure && !stopped) {
        throw e;
      }
      String message =
          stopped ? "stage '" + stage.id() + "' stopped: " + ABANDONED : Failures.message(e);
      Workflow.setCurrentDetails((stopped ? "**Stopped:** " : "**Failed:** ") + message);
      String endpoint =
          budgetEndpoint != null ? budgetEndpoint : stage.params().path("base_url").asText();
      if (sharded
          && input.settings().budgeted().contains(endpoint)
          && Workflow.getVersion("budget-release", Workflow.DEFAULT_VERSION, 1) == 1) {
        signalSweep(input, sweep -> sweep.releaseBudget(Workflow.getInfo().getWorkflowId()));
      }
      // A notice without result or failure asks a late joiner to start the stage again.
      notifySubscribers(new StageNotice(stage.key(), null, stopped ? null : message));
      throw ApplicationFailure.newNonRetryableFailure(
          message, stopped ? STAGE_ABANDONED : ExperimentWorkflow.STAGE_FAILED);
    }
  }

  @Override
  public void leave(String experimentWorkflowId) {
    left.add(experimentWorkflowId);
    Set<String> staying = new TreeSet<>(subscribers);
    Workflow.getInfo().getParentWorkflowId().ifPresent(staying::add);
    staying.removeAll(left);
    if (staying.isEmpty() && !abandoned) {
      abandoned = true;
      if (work != null) {
        work.cancel(ABANDONED);
      }
    }
  }

  @Override
  public void subscribe(String experimentWorkflowId) {
    subscribers.add(experimentWorkflowId);
  }

  @Override
  public void budgetGate(BudgetGate newGate) {
    gate = newGate;
    if (paused) {
      showProgress();
    }
  }

  @Override
  public void shardProgress(ShardProgress progress) {
    if (finishedShards.contains(progress.from())) {
      return;
    }
    runningDone.merge(progress.from(), progress.done(), Math::max);
    if (rateSinceMillis < 0) {
      rateSinceMillis = Workflow.currentTimeMillis();
      rateSinceRows = rowsDone();
    }
    showProgress();
  }

  @Override
  public StageProgress progress() {
    return new StageProgress(
        rowsTotal,
        rowsDone(),
        finishedRows,
        shardsTotal,
        finishedShards.size(),
        shardsRunning,
        paused,
        paused ? pausedWhere + ": " + gate.message() : null,
        rateSinceMillis < 0 ? updatedAtMillis : rateSinceMillis,
        rateSinceRows,
        updatedAtMillis,
        null);
  }

  private long rowsDone() {
    long done = finishedRows;
    for (long rows : runningDone.values()) {
      done += rows;
    }
    return done;
  }

  /** Rows, percent, rate and time left over all shards, in the Temporal UI's details. */
  private void showProgress() {
    updatedAtMillis = Workflow.currentTimeMillis();
    StageProgress now = progress();
    StringBuilder details =
        new StringBuilder(paused ? "**Paused**: " : "Computing ")
            .append(label)
            .append(": ")
            .append(now.describe(updatedAtMillis))
            .append("; ")
            .append(now.shardsDone())
            .append(" of ")
            .append(now.shards())
            .append(" shards done, ")
            .append(now.shardsRunning())
            .append(" running");
    if (now.pauseReason() != null) {
      details.append("\n- ").append(now.pauseReason());
    }
    Workflow.setCurrentDetails(details.toString());
  }

  /**
   * Runs the stage's shards on the LLM task queue, at most {@code parallel_shards} at a time, then
   * assembles the manifest. Each shard resumes from its own checkpoint when retried, and a shard
   * that paused on the sweep's budget is run again from its checkpoint once the budget reopens.
   */
  private StageResult computeSharded(StageInput given, StageActivities activities) {
    ShardPlan plan = activities.planShards(given);
    if (plan.existing() != null) {
      return plan.existing();
    }
    // An eval of a train stage's model calls the endpoint that trained it: its shards and the
    // sweep's budget see it as the stage's base_url.
    StageInput input = given;
    if (plan.endpoint() != null && !given.stage().params().hasNonNull("base_url")) {
      PlannedStage named = given.stage();
      ObjectNode params = named.params();
      params.put("base_url", plan.endpoint());
      input =
          new StageInput(
              given.sweep(),
              given.experiment(),
              new PlannedStage(
                  named.id(),
                  named.kind(),
                  named.kindVersion(),
                  named.key(),
                  params,
                  named.inputs(),
                  named.retry()),
              given.settings(),
              given.historyLimit(),
              given.carry());
      budgetEndpoint = plan.endpoint();
    }
    PlannedStage stage = input.stage();
    // Past its history limit the stage starts no more shards and continues as new (below).
    boolean mayRollOver =
        Workflow.getVersion("stage-continue-as-new", Workflow.DEFAULT_VERSION, 1) == 1;
    boolean rollOver = false;
    rowsTotal = plan.rows();
    shardsTotal = plan.shards();
    int parallel = stage.params().path("parallel_shards").asInt(1);
    String endpoint = stage.params().path("base_url").asText();
    boolean budgeted = input.settings().budgeted().contains(endpoint) && watchBudget(input);
    Map<Promise<ShardResult>, Integer> running = new LinkedHashMap<>();
    Deque<Integer> again = new ArrayDeque<>();
    int next = 0;
    long rowsOut = 0;
    while (finishedShards.size() < plan.shards()) {
      rollOver = rollOver || (mayRollOver && historyIsLong(input));
      while (!rollOver && (!again.isEmpty() || next < plan.shards()) && running.size() < parallel) {
        if (again.isEmpty() && finishedShards.contains(plan.shard(input, next).from())) {
          next++; // Finished by an earlier run.
          continue;
        }
        if (budgeted && !budgetOpen(input, running.isEmpty())) {
          break;
        }
        int index = again.isEmpty() ? next++ : again.poll();
        ShardInput shard = plan.shard(input, index);
        ActivityOptions options =
            ActivityOptions.newBuilder(
                    options(input, stage.id() + " " + shard.range() + " of " + plan.rows()))
                .setTaskQueue(TaskQueues.LLM)
                .build();
        LlmActivities llm = Workflow.newActivityStub(LlmActivities.class, options);
        if ("batch".equals(stage.params().path("mode").asText())) {
          BatchActivities batch = Workflow.newActivityStub(BatchActivities.class, options);
          BatchActivities awaiting =
              Workflow.newActivityStub(
                  BatchActivities.class,
                  ActivityOptions.newBuilder(options)
                      .setStartToCloseTimeout(BatchActivities.AWAIT_TIMEOUT)
                      .build());
          running.put(Async.function(() -> viaBatches(shard, batch, awaiting, llm)), index);
        } else {
          running.put(Async.function(llm::computeShard, shard), index);
        }
      }
      shardsRunning = running.size();
      if (rollOver && running.isEmpty()) {
        Workflow.continueAsNew(
            input.next(
                new StageCarry(
                    List.copyOf(new TreeSet<>(subscribers)),
                    List.copyOf(left),
                    charges,
                    List.copyOf(finishedShards),
                    finishedRows,
                    input.carry().runs() + 1)));
      }
      Promise.anyOf(running.keySet()).get();
      for (Promise<ShardResult> p : List.copyOf(running.keySet())) {
        if (!p.isCompleted()) {
          continue;
        }
        int index = running.remove(p);
        ShardResult shard = p.get();
        if (shard.paused()) {
          // Its rows so far are checkpointed; it goes on from there when the budget reopens.
          again.add(index);
          gate =
              new BudgetGate(
                  endpoint,
                  false,
                  "the sweep's budget for " + endpoint + " is used up",
                  gate == null ? charges : gate.seq());
          paused = true;
          pausedWhere = "sampling stopped within " + ShardInput.range(shard.from(), shard.to());
          continue;
        }
        runningDone.remove(shard.from());
        finishedShards.add(shard.from());
        finishedRows += shard.to() - shard.from();
        rowsOut += shard.rowsOut();
        if (budgeted && !shard.reused()) {
          BudgetCharge charge =
              new BudgetCharge(
                  Workflow.getInfo().getWorkflowId(),
                  endpoint,
                  shard.promptTokens() + shard.completionTokens(),
                  shard.costMicroUsd(),
                  charges + 1,
                  ShardInput.range(shard.from(), shard.to()));
          if (signalSweep(input, sweep -> sweep.chargeBudget(charge))) {
            charges++;
          } else {
            budgeted = false; // The sweep has ended; no answer would come.
          }
        }
      }
      shardsRunning = running.size();
      showProgress();
    }
    return activities.commitShards(input, plan);
  }

  /**
   * Runs a fine-tuning job to its end: starts it (or finds the one an earlier run started), polls
   * it between durable timers, and cancels it at the service when the stage is cancelled. Past its
   * history limit the stage continues as new and finds its job again in the store.
   */
  private StageResult fineTune(StageInput input) {
    PlannedStage stage = input.stage();
    FineTuneActivities jobs =
        Workflow.newActivityStub(
            FineTuneActivities.class,
            ActivityOptions.newBuilder(options(input, stage.id() + " fine-tuning job"))
                .setStartToCloseTimeout(Duration.ofMinutes(10))
                .build());
    long started = Workflow.currentTimeMillis();
    FineTuneStatus job = jobs.start(input);
    if (job.existing() != null) {
      return job.existing();
    }
    Duration poll = Duration.ofSeconds(Math.max(1, stage.params().path("poll_seconds").asLong(30)));
    try {
      while (!job.terminal()) {
        showJob(job);
        if (historyIsLong(input)) {
          Workflow.continueAsNew(input.next(input.carry()));
        }
        Workflow.sleep(poll);
        job = jobs.poll(input, job.jobId());
      }
    } catch (CanceledFailure e) {
      String jobId = job.jobId();
      Workflow.newDetachedCancellationScope(() -> jobs.cancel(input, jobId)).run();
      throw e;
    }
    showJob(job);
    StageResult committed = jobs.commit(input, job);
    // The manifest times only its own writing; the stage took as long as the job.
    return committed.outcome() == StageOutcome.COMPUTED
        ? committed.withDurationMillis(Workflow.currentTimeMillis() - started)
        : committed;
  }

  private void showJob(FineTuneStatus job) {
    Workflow.setCurrentDetails(
        String.format(
            "Fine-tuning for %s: job `%s` %s%s%s",
            label,
            job.jobId(),
            job.status(),
            job.trainedTokens() > 0 ? ", " + job.trainedTokens() + " tokens trained" : "",
            job.lastEvent() == null ? "" : "\n- latest event: " + job.lastEvent()));
  }

  private static boolean historyIsLong(StageInput input) {
    return Workflow.getInfo().getHistoryLength() > input.effectiveHistoryLimit()
        || Workflow.getInfo().isContinueAsNewSuggested();
  }

  /** Asks the sweep for budget gates; false when the sweep is gone (then no budget applies). */
  private boolean watchBudget(StageInput input) {
    BudgetWatch watch =
        new BudgetWatch(
            Workflow.getInfo().getWorkflowId(), input.stage().params().path("base_url").asText());
    return signalSweep(input, sweep -> sweep.watchBudget(watch));
  }

  /**
   * Whether another shard may start. Waits for the sweep's first gate; when the gate is shut and
   * nothing is running, waits (paused, with the reason in the details) until the sweep reopens it.
   * With shards still running it returns false, so the caller waits for them instead.
   */
  private boolean budgetOpen(StageInput input, boolean idle) {
    // The answer to this stage's latest charge, so a shard never starts on a stale gate.
    Workflow.await(() -> gate != null && gate.seq() >= charges);
    if (gate.open()) {
      paused = false;
      return true;
    }
    if (!idle) {
      return false;
    }
    paused = true;
    pausedWhere = "no shard starts until the budget reopens";
    showProgress();
    Duration recheck = Duration.ofSeconds(input.settings().joinRecheckSeconds());
    while (!Workflow.await(recheck, () -> gate.open())) {
      // A cancelled or terminated sweep sends no more gates: stop rather than wait forever.
      if (!watchBudget(input)) {
        throw ApplicationFailure.newNonRetryableFailure(
            "sweep '"
                + input.sweep()
                + "' ended while stage '"
                + input.stage().id()
                + "' was paused on its budget, so nothing more is sampled; finished shards are"
                + " kept. Resubmit or resume the sweep with a larger budget.",
            "BudgetSweepEnded");
      }
    }
    paused = false;
    return true;
  }

  /** Sends a signal to the sweep; false when the sweep has ended. */
  private static boolean signalSweep(StageInput input, Consumer<SweepWorkflow> signal) {
    try {
      signal.accept(
          Workflow.newExternalWorkflowStub(SweepWorkflow.class, WorkflowIds.sweep(input.sweep())));
      return true;
    } catch (SignalExternalWorkflowException | ApplicationFailure e) {
      return false;
    }
  }

  /**
   * Obtains a shard's completions through the Batch API, then writes its rows (all found in the
   * completion store). Each round submits only what is still missing, so failed and expired
   * requests are resubmitted and nothing else; the waiting is one heartbeating activity per batch
   * (a timer and a poll activity per poll before "batch-await"). What {@code batch_max_submits}
   * rounds leave missing is requested online by {@link LlmActivities#computeShard}.
   */
  private ShardResult viaBatches(
      ShardInput shard, BatchActivities batch, BatchActivities awaiting, LlmActivities llm) {
    PlannedStage stage = shard.stage().stage();
    Duration poll = Duration.ofSeconds(stage.params().path("batch_poll_seconds").asLong(60));
    int rounds = stage.params().path("batch_max_submits").asInt(4);
    for (int round = 0; round < rounds; round++) {
      BatchSubmission submitted = batch.submit(shard, round);
      if (!submitted.created()) {
        break;
      }
      BatchState state;
      if (Workflow.getVersion("batch-await", Workflow.DEFAULT_VERSION, 1) == 1) {
        batches.put(shard.range(), "batch " + submitted.batchId() + " submitted, waiting");
        showBatches(shard.stage());
        state = awaiting.await(shard, submitted.batchId());
        showBatchState(shard, submitted, state);
      } else {
        do {
          Workflow.sleep(poll);
          state = batch.poll(shard, submitted.batchId());
          showBatchState(shard, submitted, state);
        } while (!state.terminal());
      }
      BatchCollected collected = batch.collect(shard, submitted.batchId());
      if (collected.missing() == 0) {
        break;
      }
      batches.put(
          shard.range(),
          String.format(
              "batch %s %s: %d completions missing %s; resubmitting",
              submitted.batchId(), state.status(), collected.missing(), collected.errors()));
      showBatches(shard.stage());
    }
    batches.remove(shard.range());
    return llm.computeShard(shard);
  }

  private void showBatchState(ShardInput shard, BatchSubmission submitted, BatchState state) {
    batches.put(
        shard.range(),
        String.format(
            "batch %s %s: %d/%d done, %d failed",
            submitted.batchId(), state.status(), state.completed(), state.total(), state.failed()));
    showBatches(shard.stage());
  }

  private void showBatches(StageInput input) {
    StringBuilder details =
        new StringBuilder(
            String.format(
                "Computing **%s** (`%s`) for %s through the Batch API",
                input.stage().id(), input.stage().kind(), input.experiment()));
    batches.forEach(
        (range, line) -> details.append("\n- ").append(range).append(": ").append(line));
    Workflow.setCurrentDetails(details.toString());
  }

  private static ActivityOptions options(StageInput input, String summary) {
    PlannedStage stage = input.stage();
    return ActivityOptions.newBuilder()
        .setSummary(summary)
        .setStartToCloseTimeout(Duration.ofMinutes(stage.retry().timeoutMinutes()))
        .setHeartbeatTimeout(Duration.ofSeconds(input.settings().heartbeatTimeoutSeconds()))
        .setRetryOptions(
            RetryOptions.newBuilder()
                .setMaximumAttempts(stage.retry().maxAttempts())
                .setInitialInterval(Duration.ofSeconds(1))
                .setBackoffCoefficient(2.0)
                .setMaximumInterval(Duration.ofMinutes(1))
                .build())
        .build();
  }

  private void notifySubscribers(StageNotice notice) {
    // Signals go out in workflow-id order, the same on every JVM (Set.copyOf's order depends on
    // a per-JVM seed, so a replay on another worker could issue them in another order).
    boolean sorted = Workflow.getVersion("sorted-subscribers", Workflow.DEFAULT_VERSION, 1) == 1;
    // Signals that arrive while this loop runs are added to the set and handled before the
    // workflow completes; a joiner whose signal comes later re-checks on its own timer.
    Set<String> notified = new LinkedHashSet<>();
    while (!notified.containsAll(subscribers)) {
      for (String id : sorted ? new TreeSet<>(subscribers) : Set.copyOf(subscribers)) {
        if (notified.add(id)) {
          ExperimentWorkflow joiner =
              Workflow.newExternalWorkflowStub(ExperimentWorkflow.class, id);
          try {
            joiner.stageFinished(notice);
          } catch (SignalExternalWorkflowException | ApplicationFailure e) {
            // The joiner has ended; nothing to tell it.
          }
        }
      }
    }
  }
}
