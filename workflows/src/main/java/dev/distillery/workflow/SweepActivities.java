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

  /** The full plan of experiment {@code index}. */
  @ActivityMethod
  ExperimentPlan experiment(String planKey, int index);

  /** Records how an experiment ended, for {@code status}, {@code results} and {@code resume}. */
  @ActivityMethod
  void recordExperiment(String sweep, ExperimentResult result);
}
