package dev.distillery.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.distillery.activity.SweepActivitiesImpl;
import dev.distillery.activity.SweepHistories;
import dev.distillery.json.Json;
import dev.distillery.plan.ContentAddress;
import dev.distillery.plan.ExperimentPlan;
import dev.distillery.plan.SweepPlan;
import dev.distillery.plan.SweepStoreKeys;
import dev.distillery.plugin.SearchAttributeRegistrar;
import dev.distillery.store.ArtifactStore;
import dev.distillery.store.BlobStore;
import dev.distillery.workflow.DistillSearchAttributes;
import dev.distillery.workflow.ExecutionSettings;
import dev.distillery.workflow.ExperimentProgress;
import dev.distillery.workflow.ExperimentResult;
import dev.distillery.workflow.ExperimentState;
import dev.distillery.workflow.ExperimentStatus;
import dev.distillery.workflow.ExperimentWorkflow;
import dev.distillery.workflow.StageProgress;
import dev.distillery.workflow.StageResult;
import dev.distillery.workflow.StageWorkflow;
import dev.distillery.workflow.SweepInput;
import dev.distillery.workflow.SweepOutcome;
import dev.distillery.workflow.SweepProgress;
import dev.distillery.workflow.SweepResult;
import dev.distillery.workflow.SweepWorkflow;
import dev.distillery.workflow.TaskQueues;
import dev.distillery.workflow.WorkflowIds;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.enums.v1.WorkflowIdConflictPolicy;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowNotFoundException;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.common.SearchAttributes;
import io.temporal.common.converter.DefaultDataConverter;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.CanceledFailure;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Submits sweeps, follows their progress and collects their results.
 *
 * <p>It is long because it is the CLI's one client of the sweep workflow: submitting, following
 * progress and collecting results share its plan and history handling.
 */
final class SweepClient {
  static final ObjectMapper JSON = Json.mapper();

  private static final long PROGRESS_EVERY_NANOS = 5_000_000_000L;

  /** Experiments whose manifests {@link #allReused} looks up at once. */
  private static final int REUSE_PAGE = 1_000;

  private final WorkflowClient client;
  private final BlobStore blobs;
  private final java.util.Map<String, Long> lastProgressLine = new java.util.HashMap<>();
  private final java.util.Map<String, Long> shownRows =
      new java.util.concurrent.ConcurrentHashMap<>();
  private int historyLimit;

  SweepClient(WorkflowClient client, BlobStore blobs) {
    this.client = client;
    this.blobs = blobs;
  }

  /**
   * Makes sweeps submitted from now on continue as new past {@code events} history events instead
   * of the default (for benchmarks and tests of long sweeps).
   */
  void historyLimit(int events) {
    this.historyLimit = events;
  }

  /** The store key of a sweep's plan, kept so {@code resume} works by name alone. */
  static String planKey(String sweep) {
    return SweepStoreKeys.latestPlan(sweep);
  }

  /**
   * Saves the plan beside the artifacts and starts the sweep workflow, or attaches to a running one
   * with the same name. Returns true when a new run started.
   */
  boolean submit(SweepPlan plan, ExecutionSettings settings, PrintWriter out) throws IOException {
    // The sweep starts with search attributes: a server nobody registered them on would refuse it.
    SearchAttributeRegistrar.register(
        client.getWorkflowServiceStubs(), client.getOptions().getNamespace());
    String planKey = savePlan(plan);
    StringBuilder details = new StringBuilder("Recipe `" + plan.recipe() + "`, ");
    details.append(Plural.of(plan.experiments().size(), "experiment"));
    WorkflowStub stub =
        client.newUntypedWorkflowStub(
            "SweepWorkflow",
            WorkflowOptions.newBuilder()
                .setWorkflowId(WorkflowIds.sweep(plan.sweep()))
                .setTaskQueue(TaskQueues.DISTILL)
                .setStaticSummary(
                    "sweep "
                        + plan.sweep()
                        + ": "
                        + Plural.of(plan.experiments().size(), "experiment"))
                .setStaticDetails(details.toString())
                .setTypedSearchAttributes(
                    SearchAttributes.newBuilder()
                        .set(DistillSearchAttributes.SWEEP, plan.sweep())
                        .set(DistillSearchAttributes.RECIPE, plan.recipe())
                        .build())
                .setWorkflowIdConflictPolicy(
                    WorkflowIdConflictPolicy.WORKFLOW_ID_CONFLICT_POLICY_USE_EXISTING)
                .setWorkflowIdReusePolicy(
                    WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE)
                .build());
    boolean attached = isRunning(plan.sweep());
    stub.start(SweepInput.of(plan, planKey, settings).withHistoryLimit(historyLimit));
    out.printf(
        "%s sweep '%s' (%s) on task queue %s%n",
        attached ? "Attached to running" : "Submitted",
        plan.sweep(),
        Plural.of(plan.experiments().size(), "experiment"),
        TaskQueues.DISTILL);
    out.flush();
    return !attached;
  }

  /**
   * Saves the plan beside the artifacts under its hash, and as the sweep's latest plan; returns the
   * key of the former.
   */
  private String savePlan(SweepPlan plan) throws IOException {
    byte[] json = JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(plan);
    // The workflow reads the plan by its hash, so a later submit under the same name cannot
    // change the experiments of a running sweep; plan.json names the latest for resume and ls.
    String planKey = SweepStoreKeys.plan(plan.sweep(), ContentAddress.sha256(json));
    blobs.put(planKey, json);
    blobs.put(planKey(plan.sweep()), json);
    return planKey;
  }

  /**
   * The sweep's result without Temporal when every stage of every experiment has an intact
   * manifest: saves the plan and records each experiment as the sweep workflow would (every stage
   * reused). Empty as soon as a page of experiments has one to run; the finished experiments seen
   * until then are recorded already (the workflow records them again).
   */
  Optional<SweepResult> allReused(SweepPlan plan, ArtifactStore store)
      throws IOException, UserException {
    String planKey = savePlan(plan);
    SweepActivitiesImpl records = new SweepActivitiesImpl(store);
    int experiments = plan.experiments().size();
    for (int from = 0; from < experiments; from += REUSE_PAGE) {
      int size = Math.min(REUSE_PAGE, experiments - from);
      if (records.recordFinished(plan.sweep(), planKey, from, size).size() < size) {
        return Optional.empty();
      }
    }
    return Optional.of(recordedResult(plan.sweep()));
  }

  /** Prints each experiment's stages and end, as {@link #await} does when a sweep ends. */
  void printResult(SweepResult result, PrintWriter out) {
    printNew(Optional.of(toProgress(result)), out, new HashSet<>());
  }

  /** Whether a sweep workflow of this name is running now. */
  boolean isRunning(String sweep) {
    try {
      return client.newUntypedWorkflowStub(WorkflowIds.sweep(sweep)).describe().getStatus()
          == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING;
    } catch (WorkflowNotFoundException e) {
      return false;
    }
  }

  /** Whether the sweep's latest workflow was cancelled. */
  boolean cancelled(String sweep) {
    try {
      return client.newUntypedWorkflowStub(WorkflowIds.sweep(sweep)).describe().getStatus()
          == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_CANCELED;
    } catch (WorkflowNotFoundException e) {
      return false;
    }
  }

  /** The saved plan of a sweep, if this store has one. */
  Optional<SweepPlan> savedPlan(String sweep) throws IOException {
    Optional<byte[]> bytes = blobs.get(planKey(sweep));
    return bytes.isEmpty()
        ? Optional.empty()
        : Optional.of(JSON.readValue(bytes.get(), SweepPlan.class));
  }

  /**
   * The sweep's saved plan, or a user error (exit 3) saying that the store at {@code store} knows
   * no such sweep and where to look.
   */
  SweepPlan requireSavedPlan(String sweep, String store) throws IOException, UserException {
    Optional<SweepPlan> plan = savedPlan(sweep);
    if (plan.isEmpty()) {
      throw new UserException(
          ExitCodes.UNAVAILABLE,
          "the store "
              + store
              + " knows no sweep '"
              + sweep
              + "' (it holds no plan saved for it at "
              + planKey(sweep)
              + "). `distill ls` lists the sweeps it knows; check the name, DISTILL_HOME or"
              + " DISTILL_STORE, or submit the sweep file again.");
    }
    return plan.get();
  }

  /** The live progress of a sweep, or empty when Temporal does not know it. */
  Optional<SweepProgress> progress(String sweep) {
    try {
      return Optional.of(
          client.newWorkflowStub(SweepWorkflow.class, WorkflowIds.sweep(sweep)).progress());
    } catch (WorkflowNotFoundException e) {
      return Optional.empty();
    }
  }

  /**
   * The sweep's progress, or a user error saying that the Temporal server at {@code address} does
   * not know it.
   */
  SweepProgress requireProgress(String sweep, String address) throws UserException {
    return progress(sweep)
        .orElseThrow(
            () ->
                new UserException(
                    ExitCodes.UNAVAILABLE,
                    "Temporal at "
                        + address
                        + " knows no sweep '"
                        + sweep
                        + "'. Check the name; an embedded server forgets sweeps when it stops (its"
                        + " artifacts stay: `distill resume "
                        + sweep
                        + "` reruns what is missing)."));
  }

  /** Progress for printing: empty when nothing is printed or no worker can answer a query. */
  private Optional<SweepProgress> progressToPrint(String sweep, PrintWriter out) {
    if (out == null) {
      return Optional.empty();
    }
    try {
      return progress(sweep);
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }

  /** A running experiment's progress, or empty when it cannot be asked. */
  Optional<ExperimentProgress> experimentProgress(String workflowId) {
    try {
      return Optional.of(client.newWorkflowStub(ExperimentWorkflow.class, workflowId).progress());
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }

  /**
   * Follows a sweep to its end, printing each stage as it finishes when {@code out} is not null,
   * and returns every experiment's result as recorded in the store (also when experiments failed or
   * the sweep was cancelled).
   */
  SweepResult await(String sweep, PrintWriter out)
      throws InterruptedException, IOException, UserException {
    WorkflowStub stub = client.newUntypedWorkflowStub(WorkflowIds.sweep(sweep));
    Set<String> printed = new HashSet<>();
    // Polls describe() rather than long-polling the result: the test server does not honour
    // short result deadlines, and polling also paces the progress output.
    while (stub.describe().getStatus()
        == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING) {
      printNew(progressToPrint(sweep, out), out, printed);
      Thread.sleep(500);
    }
    List<String> failures = List.of();
    try {
      stub.getResult(SweepOutcome.class);
    } catch (WorkflowFailedException e) {
      boolean experimentsFailed =
          e.getCause() instanceof ApplicationFailure app
              && SweepWorkflow.EXPERIMENTS_FAILED.equals(app.getType());
      if (!experimentsFailed && !(e.getCause() instanceof CanceledFailure)) {
        throw e;
      }
      if (experimentsFailed) {
        failures =
            ((ApplicationFailure) e.getCause()).getDetails().get(SweepOutcome.class).failures();
      }
    }
    keepOwnHistory(sweep);
    SweepResult result = recordedResult(sweep, failures);
    printNew(Optional.of(toProgress(result)), out, printed);
    return result;
  }

  /**
   * Stores the ended sweep's own history whole: the sweep stored it as it stood while ending
   * ({@link SweepHistories}). Best effort; the store's copy is merely shorter without it.
   */
  private void keepOwnHistory(String sweep) {
    try {
      new SweepHistories(client, blobs).keep(sweep, WorkflowIds.sweep(sweep));
    } catch (IOException | RuntimeException e) {
      // The copy the sweep stored stays.
    }
  }

  /**
   * Every experiment of the sweep's latest saved plan with its recorded result, in plan order; an
   * experiment without a record reads as failed with "not started".
   */
  SweepResult recordedResult(String sweep) throws IOException, UserException {
    return recordedResult(sweep, List.of());
  }

  /**
   * As {@link #recordedResult(String)}, but an experiment without a record that is among {@code
   * failures} ({@code "<experiment>: <reason>"}, as {@link SweepOutcome#failures()}) reads as
   * failed for that reason: its record could not be written (a full store, say).
   */
  private SweepResult recordedResult(String sweep, List<String> failures)
      throws IOException, UserException {
    Map<String, String> reasons = new HashMap<>();
    for (String failure : failures) {
      int colon = failure.indexOf(": ");
      if (colon > 0) {
        reasons.putIfAbsent(failure.substring(0, colon), failure.substring(colon + 2));
      }
    }
    SweepPlan plan =
        savedPlan(sweep)
            .orElseThrow(() -> new IOException("the store has no saved plan for " + sweep));
    Map<String, ExperimentResult> records = new SweepRecords(blobs).read(sweep);
    List<ExperimentResult> results = new ArrayList<>();
    for (ExperimentPlan experiment : plan.experiments()) {
      ExperimentResult record = records.get(experiment.name());
      results.add(
          record != null
              ? record
              : new ExperimentResult(
                  experiment.name(),
                  experiment.axisValues(),
                  false,
                  reasons.getOrDefault(experiment.name(), "not started"),
                  List.of()));
    }
    return new SweepResult(sweep, results);
  }

  private void printNew(Optional<SweepProgress> progress, PrintWriter out, Set<String> printed) {
    if (out == null || progress.isEmpty()) {
      return;
    }
    for (ExperimentStatus status : progress.get().experiments()) {
      if (status.state() == ExperimentState.RUNNING) {
        experimentProgress(status.workflowId())
            .ifPresent(
                p -> {
                  p.finished().forEach(s -> printStage(status.experiment(), s, out, printed));
                  printRunning(status.experiment(), p, out);
                });
      } else if (status.result() != null) {
        status.result().stages().forEach(s -> printStage(status.experiment(), s, out, printed));
        if (printed.add(status.experiment() + "#end")) {
          out.printf(
              "%-28s %s%n",
              status.experiment(),
              status.result().succeeded() ? "done" : "FAILED: " + status.result().failure());
        }
      }
    }
    out.flush();
  }

  /** Prints a running stage's row progress, from its workflow and heartbeats, every few seconds. */
  private void printRunning(String experiment, ExperimentProgress p, PrintWriter out) {
    if (p.currentStageWorkflowId() == null) {
      return;
    }
    long now = System.nanoTime();
    Long last = lastProgressLine.get(p.currentStageWorkflowId());
    if (last != null && now - last < PROGRESS_EVERY_NANOS) {
      return;
    }
    lastProgressLine.put(p.currentStageWorkflowId(), now);
    if (last == null) {
      return; // Quick stages finish before their first progress line.
    }
    stageProgress(p.currentStageWorkflowId())
        .ifPresent(
            progress ->
                out.printf(
                    "%-28s %-18s %-8s %s%n",
                    experiment,
                    p.currentStage(),
                    progress.paused() ? "PAUSED" : "running",
                    progress.describe(System.currentTimeMillis())
                        + (progress.paused() && progress.pauseReason() != null
                            ? " (" + progress.pauseReason() + ")"
                            : "")));
  }

  /**
   * A running stage's progress. A sharded stage answers for all its shards (rows done, shards,
   * rate, whether it is paused on the budget), freshened by its running shards' heartbeats; other
   * stages have their activity's heartbeat ({@code [done, total]}). Within this client, what it
   * returns for a stage never goes backwards.
   */
  Optional<StageProgress> stageProgress(String stageWorkflowId) {
    StageProgress sharded = null;
    try {
      StageProgress answer =
          client.newWorkflowStub(StageWorkflow.class, stageWorkflowId).progress();
      sharded = answer.rowsTotal() > 0 ? answer : null;
    } catch (RuntimeException e) {
      // A stage workflow of an older version, or one just ended: heartbeats alone.
    }
    long beatDone = 0;
    long beatTotal = 0;
    String note = null;
    boolean beats = false;
    try {
      var pending =
          client
              .newUntypedWorkflowStub(stageWorkflowId)
              .describe()
              .getRawDescription()
              .getPendingActivitiesList();
      for (var activity : pending) {
        if (activity.hasHeartbeatDetails()) {
          JsonNode beat =
              DefaultDataConverter.STANDARD_INSTANCE.fromPayloads(
                  0, Optional.of(activity.getHeartbeatDetails()), JsonNode.class, JsonNode.class);
          beatDone += beat.isArray() ? beat.path(0).asLong() : beat.path("done").asLong();
          beatTotal += beat.isArray() ? beat.path(1).asLong() : beat.path("total").asLong();
          note = beat.hasNonNull("note") ? beat.get("note").asText() : note;
          beats = true;
        }
      }
    } catch (RuntimeException e) {
      // Progress is best effort; the stage result is what counts.
    }
    StageProgress progress;
    if (sharded != null) {
      // Asked after the query, running shards' heartbeats can only be fresher than its figures.
      progress = sharded.atLeast(sharded.finishedRows() + beatDone);
    } else if (beats) {
      progress = StageProgress.ofRows(beatDone, beatTotal, note);
    } else {
      return Optional.empty();
    }
    Long shown = shownRows.get(stageWorkflowId);
    if (shown != null) {
      progress = progress.atLeast(shown);
    }
    shownRows.put(stageWorkflowId, progress.rowsDone());
    return Optional.of(progress);
  }

  private static void printStage(
      String experiment, StageResult s, PrintWriter out, Set<String> printed) {
    if (printed.add(experiment + "#" + s.stageId())) {
      String took =
          s.outcome().name().equals("COMPUTED")
              ? String.format("%.1fs", s.durationMillis() / 1000.0)
              : "";
      String empty = EmptyStages.mark(s);
      out.printf(
          "%-28s %-18s %-8s %8d -> %-8d %s%n",
          experiment,
          s.stageId(),
          s.outcome().name().toLowerCase(),
          s.rowsIn(),
          s.rowsOut(),
          empty.isEmpty() ? took : (took + "  " + empty).strip());
    }
  }

  private static SweepProgress toProgress(SweepResult result) {
    return new SweepProgress(
        result.sweep(),
        result.experiments().stream()
            .map(
                (ExperimentResult e) ->
                    new ExperimentStatus(
                        e.experiment(),
                        WorkflowIds.experiment(result.sweep(), e.experiment()),
                        e.succeeded() ? ExperimentState.SUCCEEDED : ExperimentState.FAILED,
                        e))
            .toList());
  }
}
