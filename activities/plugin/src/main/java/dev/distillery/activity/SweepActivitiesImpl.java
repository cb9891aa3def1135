package dev.distillery.activity;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.distillery.json.Json;
import dev.distillery.plan.ExperimentPlan;
import dev.distillery.plan.PlannedStage;
import dev.distillery.plan.StageRef;
import dev.distillery.plan.SweepPlan;
import dev.distillery.plan.SweepStoreKeys;
import dev.distillery.store.ArtifactStore;
import dev.distillery.store.BlobStore;
import dev.distillery.store.Manifest;
import dev.distillery.workflow.ExperimentHeader;
import dev.distillery.workflow.ExperimentResult;
import dev.distillery.workflow.StageOutcome;
import dev.distillery.workflow.StageResult;
import dev.distillery.workflow.SweepActivities;
import io.temporal.activity.Activity;
import io.temporal.activity.ActivityExecutionContext;
import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Reads saved sweep plans and writes experiment records. A plan is immutable under its key (the key
 * holds its hash), so parsed plans are cached: a sweep of a thousand experiments reads its plan
 * once per worker, not once per experiment.
 */
public class SweepActivitiesImpl implements SweepActivities {
  private static final ObjectMapper JSON = Json.mapper();
  private static final int PLANS_CACHED = 4;

  /** Parallel store requests per call: manifest lookups and record writes are small. */
  private static final int PARALLEL_REQUESTS = 16;

  private final ArtifactStore store;
  private final BlobStore blobs;
  private final ExecutorService pool =
      Executors.newFixedThreadPool(
          PARALLEL_REQUESTS,
          r -> {
            Thread t = new Thread(r, "sweep-records");
            t.setDaemon(true);
            return t;
          });
  private final Map<String, SweepPlan> plans =
      new LinkedHashMap<>(8, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, SweepPlan> eldest) {
          return size() > PLANS_CACHED;
        }
      };

  public SweepActivitiesImpl(ArtifactStore store) {
    this.store = store;
    this.blobs = store.blobs();
  }

  @Override
  public List<ExperimentHeader> experiments(String planKey, int from, int max) {
    List<ExperimentPlan> all = plan(planKey).experiments();
    return all.subList(Math.min(from, all.size()), Math.min(all.size(), from + max)).stream()
        .map(e -> new ExperimentHeader(e.name(), e.axisValues()))
        .toList();
  }

  @Override
  public List<Integer> recordFinished(String sweep, String planKey, int from, int max) {
    List<ExperimentPlan> all = plan(planKey).experiments();
    List<ExperimentPlan> page =
        all.subList(Math.min(from, all.size()), Math.min(all.size(), from + max));
    Map<StageRef, Future<Optional<Manifest>>> manifests = new HashMap<>();
    for (ExperimentPlan e : page) {
      for (PlannedStage stage : e.stages()) {
        // A stage with a corrupt manifest is not finished: its experiment runs and says why.
        manifests.computeIfAbsent(
            stage.ref(), ref -> pool.submit(() -> StageRuns.findIntact(store, ref)));
      }
    }
    List<Integer> finished = new ArrayList<>();
    List<Future<?>> writes = new ArrayList<>();
    for (int i = 0; i < page.size(); i++) {
      ExperimentPlan e = page.get(i);
      List<StageResult> stages = new ArrayList<>();
      for (PlannedStage stage : e.stages()) {
        Optional<Manifest> m = get(manifests.get(stage.ref()));
        if (m.isEmpty()) {
          break;
        }
        stages.add(StageRuns.result(store, stage, m.get(), StageOutcome.REUSED));
      }
      if (stages.size() == e.stages().size()) {
        finished.add(from + i);
        ExperimentResult result =
            new ExperimentResult(e.name(), e.axisValues(), true, null, stages);
        writes.add(pool.submit(() -> recordExperiment(sweep, result)));
      }
    }
    writes.forEach(SweepActivitiesImpl::get);
    return finished;
  }

  private static <T> T get(Future<T> future) {
    try {
      return future.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw e.getCause() instanceof IOException io
          ? failure(io)
          : new IllegalStateException(e.getCause());
    }
  }

  /** A storage failure no retry fixes fails for good; others are retried by Temporal. */
  private static RuntimeException failure(IOException e) {
    return StageRuns.permanentFailure(e)
        .map(RuntimeException.class::cast)
        .orElseGet(() -> new UncheckedIOException(e));
  }

  @Override
  public ExperimentPlan experiment(String planKey, int index) {
    List<ExperimentPlan> all = plan(planKey).experiments();
    if (index < 0 || index >= all.size()) {
      throw ApplicationFailure.newNonRetryableFailure(
          "the saved plan " + planKey + " has " + all.size() + " experiments, not " + (index + 1),
          "PlanMismatch");
    }
    return all.get(index);
  }

  @Override
  public void recordExperiment(String sweep, ExperimentResult result) {
    try {
      blobs.put(
          SweepStoreKeys.experiment(sweep, result.experiment()),
          JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(result));
    } catch (IOException e) {
      throw failure(e);
    }
  }

  @Override
  public void keepHistories(String sweep, String planKey) {
    ActivityExecutionContext context = Activity.getExecutionContext();
    try {
      new SweepHistories(context.getWorkflowClient(), blobs)
          .keep(plan(planKey), pool, () -> context.heartbeat(sweep));
    } catch (IOException e) {
      throw failure(e);
    }
  }

  private SweepPlan plan(String planKey) {
    synchronized (plans) {
      SweepPlan cached = plans.get(planKey);
      if (cached != null) {
        return cached;
      }
    }
    try {
      byte[] bytes =
          blobs
              .get(planKey)
              .orElseThrow(
                  () ->
                      ApplicationFailure.newNonRetryableFailure(
                          "the store has no saved plan "
                              + planKey
                              + "; submit the sweep file again",
                          "PlanMissing"));
      SweepPlan plan;
      try {
        plan = JSON.readValue(bytes, SweepPlan.class);
      } catch (IOException e) {
        throw ApplicationFailure.newNonRetryableFailure(
            "the saved plan "
                + blobs.uri(planKey)
                + " is not valid plan JSON; submit the sweep file again",
            "PlanCorrupt");
      }
      synchronized (plans) {
        plans.put(planKey, plan);
      }
      return plan;
    } catch (IOException e) {
      throw failure(e);
    }
  }
}
