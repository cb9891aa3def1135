package dev.distillery.workflow;

import java.util.List;

/**
 * A running experiment's progress, answered by a query.
 *
 * @param experiment the experiment name
 * @param currentStage the id of the stage being obtained, or null when none
 * @param currentStageWorkflowId the workflow id of that stage ({@code stage/<kind>/<key>}), where
 *     its activity reports progress, or null when none
 * @param stageCount how many stages the experiment has
 * @param finished results of the stages finished so far
 */
public record ExperimentProgress(
    String experiment,
    String currentStage,
    String currentStageWorkflowId,
    int stageCount,
    List<StageResult> finished) {
  public ExperimentProgress {
    finished = List.copyOf(finished);
  }
}
