package dev.distillery.workflow;

import io.temporal.workflow.Workflow;

/**
 * Upserts {@link DistillSearchAttributes} from workflow code. Workflows that ran before these
 * upserts existed replay without them: every call is guarded by one version marker.
 */
final class SearchAttributeUpserts {
  private static final String CHANGE_ID = "search-attributes";

  private SearchAttributeUpserts() {}

  /** Whether this run upserts search attributes (false when replaying an older history). */
  private static boolean enabled() {
    return Workflow.getVersion(CHANGE_ID, Workflow.DEFAULT_VERSION, 1) == 1;
  }

  /** Sets an experiment's sweep, name, recipe and axis values; call first in its run(). */
  static void experiment(ExperimentInput input) {
    if (enabled()) {
      Workflow.upsertTypedSearchAttributes(
          DistillSearchAttributes.SWEEP.valueSet(input.sweep()),
          DistillSearchAttributes.EXPERIMENT.valueSet(input.experiment().name()),
          DistillSearchAttributes.RECIPE.valueSet(input.recipe()),
          DistillSearchAttributes.AXIS.valueSet(
              DistillSearchAttributes.axisValues(input.experiment().axisValues())));
    }
  }

  /** Records the stage an experiment is on now. */
  static void currentStage(String stageId) {
    if (enabled()) {
      Workflow.upsertTypedSearchAttributes(DistillSearchAttributes.STAGE.valueSet(stageId));
    }
  }

  /** Sets a stage workflow's stage id and kind, and the sweep and experiment that started it. */
  static void stage(StageInput input) {
    if (enabled()) {
      Workflow.upsertTypedSearchAttributes(
          DistillSearchAttributes.SWEEP.valueSet(input.sweep()),
          DistillSearchAttributes.EXPERIMENT.valueSet(input.experiment()),
          DistillSearchAttributes.STAGE.valueSet(input.stage().id()),
          DistillSearchAttributes.STAGE_KIND.valueSet(input.stage().kind()));
    }
  }
}
