package dev.distillery.workflow;

import io.temporal.common.SearchAttributeKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The custom search attributes Distillery's workflows carry, so the Temporal UI can list a sweep's
 * experiments, an experiment's stages or every run of a stage kind. All are Keyword (exact match)
 * or KeywordList. They must be registered in the namespace before a workflow upserts them: {@code
 * infra/register-search-attributes.sh} does it, and so does every worker at startup (best effort).
 * Keep the script's list equal to {@link #ALL}.
 */
public final class DistillSearchAttributes {
  /** The sweep name: on sweep, experiment and stage workflows (a stage's first asker's). */
  public static final SearchAttributeKey<String> SWEEP =
      SearchAttributeKey.forKeyword("DistillSweep");

  /** The experiment name (not its workflow id): on experiment and stage workflows. */
  public static final SearchAttributeKey<String> EXPERIMENT =
      SearchAttributeKey.forKeyword("DistillExperiment");

  /** The base recipe's name: on sweep and experiment workflows. */
  public static final SearchAttributeKey<String> RECIPE =
      SearchAttributeKey.forKeyword("DistillRecipe");

  /**
   * A stage id of the recipe. On an experiment, the stage it is on now; after it ends, the last
   * stage it reached (for a failed experiment, the stage that failed). On a stage workflow, its
   * own.
   */
  public static final SearchAttributeKey<String> STAGE =
      SearchAttributeKey.forKeyword("DistillStage");

  /** The stage kind (for example {@code teacher}): on stage workflows. */
  public static final SearchAttributeKey<String> STAGE_KIND =
      SearchAttributeKey.forKeyword("DistillStageKind");

  /**
   * One {@code path=value} string per axis value of an experiment, for example {@code
   * stages.filter.keep=0.25}: on experiment workflows.
   */
  public static final SearchAttributeKey<List<String>> AXIS =
      SearchAttributeKey.forKeywordList("DistillAxis");

  /** Every attribute above, in the order the registration script lists them. */
  public static final List<SearchAttributeKey<?>> ALL =
      List.of(SWEEP, EXPERIMENT, RECIPE, STAGE, STAGE_KIND, AXIS);

  private DistillSearchAttributes() {}

  /** An experiment's axis values as {@link #AXIS} values, in the plan's order. */
  public static List<String> axisValues(Map<String, String> axisValues) {
    List<String> values = new ArrayList<>();
    axisValues.forEach((path, value) -> values.add(path + "=" + value));
    return values;
  }
}
