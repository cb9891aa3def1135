package dev.distillery.cli;

import dev.distillery.activity.StoredStages;
import dev.distillery.config.ConfigException;
import dev.distillery.plan.ExperimentPlan;
import dev.distillery.plan.PlannedStage;
import dev.distillery.plan.SweepPlan;
import dev.distillery.recipe.Budget;
import dev.distillery.store.ArtifactStore;
import dev.distillery.worker.Stack;
import dev.distillery.workflow.ExperimentProgress;
import dev.distillery.workflow.ExperimentResult;
import dev.distillery.workflow.ExperimentState;
import dev.distillery.workflow.ExperimentStatus;
import dev.distillery.workflow.StageOutcome;
import dev.distillery.workflow.StageProgress;
import dev.distillery.workflow.StageResult;
import dev.distillery.workflow.SweepProgress;
import dev.distillery.workflow.WorkflowIds;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Builds {@link SweepView}s: from Temporal's progress query while Temporal knows the sweep, else
 * from the saved plan and the experiment records in the store ({@link SweepRecords}). When no
 * Temporal is configured or running, only the store is asked.
 */
final class SweepViews implements AutoCloseable {
  private final Stack stack;
  private final ConfigException noTemporal;
  private final SweepClient sweeps;
  private final SweepRecords records;
  private final StageSpend spend;
  private final StoredStages storedStages;
  private final EvalScores scores;
  private final Map<String, SweepPlan> plans = new HashMap<>();

  private final boolean ownsStack;

  private SweepViews(Stack stack, ConfigException noTemporal) {
    this(stack, noTemporal, true);
  }

  private SweepViews(Stack stack, ConfigException noTemporal, boolean ownsStack) {
    this.ownsStack = ownsStack;
    this.stack = stack;
    this.noTemporal = noTemporal;
    this.sweeps = new SweepClient(noTemporal == null ? stack.client() : null, stack.blobs());
    this.records = new SweepRecords(stack.blobs());
    this.spend = new StageSpend(stack.store());
    this.storedStages = new StoredStages(stack.store());
    this.scores = new EvalScores(stack.store());
  }

  /**
   * Connects to Temporal and the store (configured, a {@code distill dev}'s, or those of a {@code
   * run} in progress on this home), or to the store alone when no Temporal can be reached: for
   * commands that only read, the embedded store is then read from its folder ({@link
   * Stack.Mode#READ_STORE}).
   */
  static SweepViews open(Distill root) throws ConfigException, IOException {
    return open(root, Stack.Mode.READ_STORE);
  }

  /** As {@link #open(Distill)}, for a command that also writes to the store ({@code report}). */
  static SweepViews openWritable(Distill root) throws ConfigException, IOException {
    return open(root, Stack.Mode.STORE_ONLY);
  }

  private static SweepViews open(Distill root, Stack.Mode storeMode)
      throws ConfigException, IOException {
    try {
      return new SweepViews(root.connect(Stack.Mode.OBSERVE), null);
    } catch (ConfigException e) {
      try {
        return new SweepViews(Stack.open(root.config(), storeMode, 0, 0), e);
      } catch (ConfigException | IOException | RuntimeException storeError) {
        e.addSuppressed(storeError);
        throw e;
      }
    }
  }

  /**
   * Views over a stack the caller keeps open (and closes); from the store alone when the stack has
   * no Temporal.
   */
  static SweepViews over(Stack stack) {
    ConfigException noTemporal =
        stack.hasTemporal() ? null : new ConfigException("this stack has no Temporal server");
    return new SweepViews(stack, noTemporal, false);
  }

  /** Where eval stages' benchmark scores are read from. */
  EvalScores scores() {
    return scores;
  }

  /** The artifact store the views read from. */
  ArtifactStore store() {
    return stack.store();
  }

  /**
   * The budgets of the plan saved for {@code sweep}, by endpoint; empty when it has none or no plan
   * is saved. Their limits only: spend per endpoint is in {@link SweepView#budgets()} while
   * Temporal knows the sweep.
   */
  Map<String, Budget> plannedBudgets(String sweep) throws IOException {
    SweepPlan plan = plan(sweep);
    return plan == null ? Map.of() : plan.budgets();
  }

  /** Where spend is read from; shared so each manifest is read once per command. */
  StageSpend spend() {
    return spend;
  }

  /**
   * The sweep as it stands now.
   *
   * @throws UserException when neither Temporal nor the store knows the sweep
   * @throws ConfigException when Temporal cannot be reached and the store does not know the sweep
   */
  SweepView load(String sweep) throws IOException, UserException, ConfigException {
    RuntimeException unanswered = null;
    if (noTemporal == null) {
      Optional<SweepProgress> live;
      try {
        live = sweeps.progress(sweep);
      } catch (RuntimeException e) {
        if (!UserErrors.temporalUnavailable(e)) {
          throw e;
        }
        // No worker answers the query (they were stopped or killed): the store can still tell.
        unanswered = e;
        live = Optional.empty();
      }
      if (live.isPresent()) {
        SweepPlan plan;
        try {
          plan = plan(sweep);
        } catch (IOException e) {
          plan = null; // Temporal alone can tell; stage ids then come from finished stages.
        }
        return live(live.get(), plan);
      }
    }
    SweepPlan plan = plan(sweep);
    if (plan == null) {
      if (noTemporal != null) {
        throw noTemporal;
      }
      if (unanswered != null) {
        throw unanswered;
      }
      // Neither knows it: requireProgress throws the usual error (unless it was just submitted).
      return live(sweeps.requireProgress(sweep, stack.temporalAddress()), null);
    }
    return stored(plan, unanswered == null ? null : unanswered.getMessage());
  }

  private SweepPlan plan(String sweep) throws IOException {
    SweepPlan plan = plans.get(sweep);
    if (plan == null) {
      plan = sweeps.savedPlan(sweep).orElse(null);
      if (plan != null) {
        plans.put(sweep, plan);
      }
    }
    return plan;
  }

  private SweepView live(SweepProgress progress, SweepPlan plan) throws IOException, UserException {
    Map<String, ExperimentPlan> planned = planned(plan);
    List<String> stageIds = stageIds(plan, progress);
    List<ExperimentView> experiments = new ArrayList<>();
    boolean running = false;
    boolean failed = false;
    boolean cancelled = sweeps.cancelled(progress.sweep());
    Map<String, ExperimentResult> recorded = null;
    for (ExperimentStatus listed : withRecords(progress, plan)) {
      ExperimentStatus status = listed;
      if (cancelled
          && (listed.state() == ExperimentState.RUNNING
              || listed.state() == ExperimentState.WAITING)) {
        // The cancelled sweep stopped following its experiments: each ended as it recorded, and
        // those it had not started are cancelled too.
        recorded = recorded == null ? records.read(progress.sweep()) : recorded;
        status = ended(listed, recorded.get(listed.experiment()));
      }
      ExperimentPlan p = planned.get(status.experiment());
      List<String> ids = p == null ? stageIds : p.stages().stream().map(PlannedStage::id).toList();
      ExperimentResult result = status.result();
      List<StageView> stages;
      if (result != null) {
        stages = stages(ids, result.stages(), null, null, ended(result));
      } else if (status.state() == ExperimentState.CANCELLED) {
        stages = stages(ids, List.of(), null, null, StageState.CANCELLED);
      } else if (status.state() == ExperimentState.RUNNING) {
        Optional<ExperimentProgress> now = sweeps.experimentProgress(status.workflowId());
        String current = now.map(ExperimentProgress::currentStage).orElse(null);
        StageProgress rows =
            now.map(ExperimentProgress::currentStageWorkflowId)
                .flatMap(sweeps::stageProgress)
                .orElse(null);
        stages =
            stages(
                ids, now.map(ExperimentProgress::finished).orElse(List.of()), current, rows, null);
      } else {
        stages = stages(ids, List.of(), null, null, null);
      }
      running |=
          status.state() == ExperimentState.RUNNING || status.state() == ExperimentState.WAITING;
      failed |= status.state() == ExperimentState.FAILED;
      experiments.add(
          new ExperimentView(
              status.experiment(),
              result != null ? result.axisValues() : p == null ? Map.of() : p.axisValues(),
              status.state().name(),
              result == null || result.cancelled() ? null : result.failure(),
              stages));
    }
    String state = running ? "RUNNING" : cancelled ? "CANCELLED" : failed ? "FAILED" : "SUCCEEDED";
    return new SweepView(
        progress.sweep(), state, "temporal", stageIds, experiments, progress.budgets(), null);
  }

  /**
   * Every experiment of the plan in order. The progress query lists only the current run's
   * experiments, and trims the results of older ones, and of cancelled ones keeps no stages; those
   * come from the store's records, and experiments neither lists are waiting.
   */
  private List<ExperimentStatus> withRecords(SweepProgress progress, SweepPlan plan)
      throws IOException, UserException {
    if (plan == null) {
      return progress.experiments();
    }
    Map<String, ExperimentStatus> live = new HashMap<>();
    progress.experiments().forEach(st -> live.put(st.experiment(), st));
    Map<String, ExperimentResult> stored = null;
    List<ExperimentStatus> all = new ArrayList<>();
    int started = plan.experiments().size() - progress.notStarted();
    for (ExperimentPlan p : plan.experiments()) {
      boolean startedBefore = all.size() < started;
      ExperimentStatus st = live.get(p.name());
      boolean trimmed = st != null && st.result() != null && st.result().stages().isEmpty();
      if (st == null || trimmed) {
        stored = stored == null ? records.read(plan.sweep()) : stored;
        ExperimentResult record = stored.get(p.name());
        String id = WorkflowIds.experiment(plan.sweep(), p.name());
        if (record != null && (st != null || startedBefore)) {
          ExperimentState state =
              record.succeeded()
                  ? ExperimentState.SUCCEEDED
                  : record.cancelled() ? ExperimentState.CANCELLED : ExperimentState.FAILED;
          st = new ExperimentStatus(p.name(), id, st == null ? state : st.state(), record);
        } else if (st == null) {
          st = new ExperimentStatus(p.name(), id, ExperimentState.WAITING, null);
        }
      }
      all.add(st);
    }
    return all;
  }

  private SweepView stored(SweepPlan plan, String unanswered) throws IOException, UserException {
    Map<String, ExperimentResult> done = records.read(plan.sweep());
    List<String> stageIds = stageIds(plan, null);
    List<ExperimentView> experiments = new ArrayList<>();
    boolean incomplete = false;
    boolean failed = false;
    boolean cancelled = false;
    for (ExperimentPlan p : plan.experiments()) {
      List<String> ids = p.stages().stream().map(PlannedStage::id).toList();
      ExperimentResult result = done.get(p.name());
      if (result == null) {
        incomplete = true;
        List<StageResult> stored = storedStages.finished(p.stages(), StageOutcome.COMPUTED);
        experiments.add(
            new ExperimentView(
                p.name(),
                p.axisValues(),
                stored.isEmpty() ? ExperimentView.NOT_STARTED : ExperimentView.INCOMPLETE,
                null,
                stages(ids, stored, null, null, null)));
      } else {
        failed |= !result.succeeded() && !result.cancelled();
        cancelled |= result.cancelled();
        experiments.add(
            new ExperimentView(
                p.name(),
                result.axisValues().isEmpty() ? p.axisValues() : result.axisValues(),
                result.succeeded() ? "SUCCEEDED" : result.cancelled() ? "CANCELLED" : "FAILED",
                result.cancelled() ? null : result.failure(),
                stages(ids, result.stages(), null, null, ended(result))));
      }
    }
    String state =
        incomplete ? "INCOMPLETE" : failed ? "FAILED" : cancelled ? "CANCELLED" : "SUCCEEDED";
    return new SweepView(
        plan.sweep(), state, "store", stageIds, experiments, List.of(), unanswered);
  }

  /** An experiment of a cancelled sweep as its record says it ended; cancelled without one. */
  private static ExperimentStatus ended(ExperimentStatus listed, ExperimentResult record) {
    ExperimentState state =
        record == null || record.cancelled()
            ? ExperimentState.CANCELLED
            : record.succeeded() ? ExperimentState.SUCCEEDED : ExperimentState.FAILED;
    return new ExperimentStatus(listed.experiment(), listed.workflowId(), state, record);
  }

  /** How the stages an ended experiment did not finish stand: failed, cancelled, or null. */
  private static StageState ended(ExperimentResult result) {
    return result.succeeded()
        ? null
        : result.cancelled() ? StageState.CANCELLED : StageState.FAILED;
  }

  /**
   * The stages of one experiment: finished ones with their results, the current one running, and
   * the missing ones as its end says: when it failed, the first failed (its failure names it) and
   * the rest skipped; when it was cancelled, cancelled; while it goes on, waiting.
   *
   * @param end {@link StageState#FAILED}, {@link StageState#CANCELLED}, or null when the experiment
   *     has not ended or succeeded
   */
  static List<StageView> stages(
      List<String> ids,
      List<StageResult> finished,
      String current,
      StageProgress running,
      StageState end) {
    Map<String, StageResult> byId = new LinkedHashMap<>();
    finished.forEach(r -> byId.put(r.stageId(), r));
    Set<String> all = new LinkedHashSet<>(ids);
    all.addAll(byId.keySet());
    List<StageView> views = new ArrayList<>();
    boolean failureShown = false;
    for (String id : all) {
      StageResult r = byId.get(id);
      if (r != null) {
        StageState state = r.outcome() == StageOutcome.REUSED ? StageState.REUSED : StageState.DONE;
        views.add(new StageView(id, state, null, r));
      } else if (id.equals(current)) {
        StageState state =
            running != null && running.paused() ? StageState.PAUSED : StageState.RUNNING;
        views.add(new StageView(id, state, running, null));
      } else if (end == StageState.CANCELLED) {
        views.add(StageView.of(id, StageState.CANCELLED));
      } else if (end == StageState.FAILED) {
        views.add(StageView.of(id, failureShown ? StageState.SKIPPED : StageState.FAILED));
        failureShown = true;
      } else {
        views.add(StageView.of(id, StageState.WAITING));
      }
    }
    return views;
  }

  private static Map<String, ExperimentPlan> planned(SweepPlan plan) {
    Map<String, ExperimentPlan> byName = new HashMap<>();
    if (plan != null) {
      plan.experiments().forEach(e -> byName.put(e.name(), e));
    }
    return byName;
  }

  /** The stage ids of the plan's experiments or, without a plan, of the finished stages. */
  private static List<String> stageIds(SweepPlan plan, SweepProgress progress) {
    Set<String> ids = new LinkedHashSet<>();
    if (plan != null) {
      plan.experiments().forEach(e -> e.stages().forEach(s -> ids.add(s.id())));
    } else if (progress != null) {
      for (ExperimentStatus status : progress.experiments()) {
        if (status.result() != null) {
          status.result().stages().forEach(s -> ids.add(s.stageId()));
        }
      }
    }
    return List.copyOf(ids);
  }

  @Override
  public void close() {
    if (ownsStack) {
      stack.close();
    }
  }
}
