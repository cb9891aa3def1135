package dev.distillery.stages;

import dev.distillery.recipe.ParamRule;
import dev.distillery.recipe.ParamSpec;
import dev.distillery.recipe.ParamSpecs;
import java.util.List;

/**
 * The {@code filter-answers} stage kind: keeps the teacher answers that pass a correctness or
 * length filter.
 */
public final class FilterAnswersKind implements StageKindDefinition {
  private static final List<ParamSpec> PARAMS = ParamSpecs.of(FilterAnswersParams.class);

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
  public String name() {
    return "filter-answers";
  }

  @Override
  public int version() {
    return 3;
  }

  @Override
  public String summary() {
    return "Keeps the teacher answers that pass a correctness or length filter";
  }

  @Override
  public int minInputs() {
    return 1;
  }

  @Override
  public int maxInputs() {
    return 1;
  }

  @Override
  public List<ParamSpec> params() {
    return PARAMS;
  }

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
