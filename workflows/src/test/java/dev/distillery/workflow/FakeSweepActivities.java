package dev.distillery.workflow;

import dev.distillery.plan.ExperimentPlan;
import dev.distillery.plan.SweepPlan;
import dev.distillery.plan.SweepStoreKeys;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** Saved plans and experiment records in memory, for workflow tests. */
final class FakeSweepActivities implements SweepActivities {
  final Map<String, SweepPlan> plans = new ConcurrentHashMap<>();
  final Map<String, ExperimentResult> records = new ConcurrentHashMap<>();
  final AtomicInteger pageReads = new AtomicInteger();
  final AtomicInteger experimentReads = new AtomicInteger();

  /** Saves {@code plan} and returns the input that runs it. */
  SweepInput input(SweepPlan plan, ExecutionSettings settings) {
    String key = SweepStoreKeys.plan(plan.sweep(), "test");
    plans.put(key, plan);
    return SweepInput.of(plan, key, settings);
  }

  /** Every experiment of the saved plan with its record; null results for unrecorded ones. */
  SweepResult result(String sweep) {
    SweepPlan plan = plans.get(SweepStoreKeys.plan(sweep, "test"));
    List<ExperimentResult> results = new ArrayList<>();
    for (ExperimentPlan e : plan.experiments()) {
      ExperimentResult r = records.get(SweepStoreKeys.experiment(sweep, e.name()));
      results.add(
          r != null
              ? r
              : new ExperimentResult(e.name(), Map.of(), false, "not started", List.of()));
    }
    return new SweepResult(sweep, results);
  }

  @Override
  public List<ExperimentHeader> experiments(String planKey, int from, int max) {
    pageReads.incrementAndGet();
    List<ExperimentPlan> all = plans.get(planKey).experiments();
    return all.subList(Math.min(from, all.size()), Math.min(all.size(), from + max)).stream()
        .map(e -> new ExperimentHeader(e.name(), e.axisValues()))
        .toList();
  }

  /** Stages whose "manifest" exists, by key; null means every experiment runs. */
  private final FakeStageActivities stages;

  /** Sweep activities that find no experiment finished before. */
  FakeSweepActivities() {
    this(null);
  }

  /** Sweep activities that find an experiment finished when {@code stages} has all its stages. */
  FakeSweepActivities(FakeStageActivities stages) {
    this.stages = stages;
  }

  @Override
  public List<Integer> recordFinished(String sweep, String planKey, int from, int max) {
    List<Integer> finished = new ArrayList<>();
    if (stages == null) {
      return finished;
    }
    List<ExperimentPlan> all = plans.get(planKey).experiments();
    for (int i = from; i < Math.min(all.size(), from + max); i++) {
      ExperimentPlan e = all.get(i);
      List<StageResult> results = new ArrayList<>();
      for (var stage : e.stages()) {
        StageResult r = stages.manifests.get(stage.key());
        if (r != null) {
          results.add(r.withStageId(stage.id()).withOutcome(StageOutcome.REUSED));
        }
      }
      if (results.size() == e.stages().size()) {
        finished.add(i);
        recordExperiment(
            sweep, new ExperimentResult(e.name(), e.axisValues(), true, null, results));
      }
    }
    return finished;
  }

  @Override
  public ExperimentPlan experiment(String planKey, int index) {
    experimentReads.incrementAndGet();
    return plans.get(planKey).experiments().get(index);
  }

  @Override
  public void recordExperiment(String sweep, ExperimentResult result) {
    records.put(SweepStoreKeys.experiment(sweep, result.experiment()), result);
  }

  /** {@code sweep planKey} of each {@link #keepHistories} call. */
  final List<String> historiesKept = new java.util.concurrent.CopyOnWriteArrayList<>();

  /** When set, {@link #keepHistories} fails with it (after noting the call). */
  volatile RuntimeException keepHistoriesFailure;

  @Override
  public void keepHistories(String sweep, String planKey) {
    historiesKept.add(sweep + " " + planKey);
    if (keepHistoriesFailure != null) {
      throw keepHistoriesFailure;
    }
  }
}
