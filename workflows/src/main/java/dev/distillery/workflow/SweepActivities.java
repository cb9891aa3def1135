package dev.distillery.workflow;

import dev.distillery.plan.ExperimentPlan;
import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;
import java.util.List;

/**
 * The sweep record in the store. Workflows pass the key of a saved plan instead of the plan, so a
 * sweep of any size costs small payloads: the sweep reads experiment headers a page at a time and
 * each experiment reads its own stages.
 */
@ActivityInterface(namePrefix = "Sweep")
public interface SweepActivities {
  /** Headers of experiments {@code from} (inclusive) to at most {@code from + max}, in order. */
  @ActivityMethod
  List<ExperimentHeader> experiments(String planKey, int from, int max);

  /**
   * Finds the experiments {@code from} to at most {@code from + max} whose every stage already has
   * a manifest, records each as reused, and returns their indices: the sweep need not start a
   * workflow for them. This is what makes resubmitting a finished sweep cheap.
   */
  @ActivityMethod
  List<Integer> recordFinished(String sweep, String planKey, int from, int max);

  /** The full plan of experiment {@code index}. */
  @ActivityMethod
  ExperimentPlan experiment(String planKey, int index);

  /** Records how an experiment ended, for {@code status}, {@code results} and {@code resume}. */
  @ActivityMethod
  void recordExperiment(String sweep, ExperimentResult result);

  /**
   * Stores the histories of the sweep's workflows that Temporal knows (every run of the sweep, its
   * experiments of the saved plan and their stages) in the store beside the sweep's records, so
   * that an audit outlives the server's memory. The calling sweep's own run is stored as it stands.
   */
  @ActivityMethod
  void keepHistories(String sweep, String planKey);
}
