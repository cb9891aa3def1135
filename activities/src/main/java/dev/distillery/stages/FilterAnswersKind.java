package dev.distillery.stages;

import dev.distillery.recipe.Kind;
import dev.distillery.recipe.ParamRule;
import java.util.List;

/**
 * The {@code filter-answers} stage kind: keeps the teacher answers that pass a correctness or
 * length filter.
 */
@Kind(
    name = "filter-answers",
    version = 3,
    minInputs = 1,
    maxInputs = 1,
    params = FilterAnswersParams.class,
    summary = "Keeps the teacher answers that pass a correctness or length filter")
public final class FilterAnswersKind implements StageKindDefinition {
  private static final List<ParamRule> RULES =
      List.of(
          ParamRule.oneOf(
              "method", "none", "llm-judge", "majority", "length", "verify", "classifier"),
          ParamRule.endpointUrl("base_url"),
          ParamRule.fraction("min_score"),
          ParamRule.atLeast("k", 1),
          ParamRule.oneOf("order", "longest", "shortest"),
          ParamRule.atLeast("max_tokens", 1),
          ParamRule.atLeast("concurrency", 1),
          ParamRule.atLeast("max_retries", 0),
          ParamRule.atLeast("timeout_seconds", 1),
          ParamRule.atLeast("requests_per_minute", 0),
          ParamRule.atLeast("tokens_per_minute", 0));

  @Override
  public List<ParamRule> rules() {
    return RULES;
  }

  @Override
  public List<String> fileParams() {
    return List.of("positives", "negatives");
  }

  @Override
  public Stage stage(StageEnvironment environment) {
    return new FilterAnswersStage();
  }
}
