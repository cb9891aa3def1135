package dev.distillery.workflow;

import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * Obtains an experiment's stages in order. A stage whose manifest exists is reused; otherwise the
 * experiment starts the stage's {@link StageWorkflow} (id {@code stage/<kind>/<key>}), or, when
 * another experiment already runs it, joins it and waits for its {@link StageNotice}. Fails with
 * type {@value #STAGE_FAILED} (details: the partial {@link ExperimentResult}) when a stage fails.
 */
@WorkflowInterface
public interface ExperimentWorkflow {
  String STAGE_FAILED = "StageFailed";

  @WorkflowMethod
  ExperimentResult run(ExperimentInput input);

  /** Delivered by a stage workflow this experiment joined. */
  @SignalMethod
  void stageFinished(StageNotice notice);

  @QueryMethod
  ExperimentProgress progress();
}
