package dev.distillery.activity;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.distillery.plan.ExperimentPlan;
import dev.distillery.plan.SweepPlan;
import dev.distillery.plan.SweepStoreKeys;
import dev.distillery.store.BlobStore;
import dev.distillery.workflow.ExperimentHeader;
import dev.distillery.workflow.ExperimentResult;
import dev.distillery.workflow.SweepActivities;
import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads saved sweep plans and writes experiment records. A plan is immutable under its key (the key
 * holds its hash), so parsed plans are cached: a sweep of a thousand experiments reads its plan
 * once per worker, not once per experiment.
 */
public class SweepActivitiesImpl implements SweepActivities {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int PLANS_CACHED = 4;

  private final BlobStore blobs;
  private final Map<String, SweepPlan> plans =
      new LinkedHashMap<>(8, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, SweepPlan> eldest) {
          return size() > PLANS_CACHED;
        }
      };

  public SweepActivitiesImpl(BlobStore blobs) {
    this.blobs = blobs;
  }

  @Override
  public List<ExperimentHeader> experiments(String planKey, int from, int max) {
    List<ExperimentPlan> all = plan(planKey).experiments();
    return all.subList(Math.min(from, all.size()), Math.min(all.size(), from + max)).stream()
        .map(e -> new ExperimentHeader(e.name(), e.axisValues()))
        .toList();
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
      throw new UncheckedIOException(e); // Retried by Temporal.
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
      SweepPlan plan = JSON.readValue(bytes, SweepPlan.class);
      synchronized (plans) {
        plans.put(planKey, plan);
      }
      return plan;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
