package dev.distillery.workflow;

import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * Runs every experiment of a sweep as a child {@link ExperimentWorkflow}, at most {@code
 * parallelism} at once. Completes with every experiment's result; fails with type {@value
 * #EXPERIMENTS_FAILED} (details: the {@link SweepResult}) when any experiment failed.
 */
@WorkflowInterface
public interface SweepWorkflow {
  String EXPERIMENTS_FAILED = "ExperimentsFailed";

  @WorkflowMethod
  SweepResult run(SweepInput input);

  @QueryMethod
  SweepProgress progress();
}
