package dev.distillery.stages;

import com.fasterxml.jackson.databind.JsonNode;
import dev.distillery.recipe.EndpointParams;
import dev.distillery.recipe.Kind;
import dev.distillery.recipe.ParamRule;
import dev.distillery.recipe.ParamSpec;
import dev.distillery.recipe.ParamSpecs;
import dev.distillery.recipe.RetrySpec;
import dev.distillery.recipe.StageTraits;
import java.math.BigDecimal;
import java.util.List;

/**
 * The {@code eval} stage kind: scores a model on benchmarks, Evalchemy-style (repeats, avg and
 * std_err).
 */
@Kind(
    name = "eval",
    version = 1,
    minInputs = 0,
    maxInputs = 1,
    params = EvalParams.class,
    summary = "Scores a model on benchmarks, Evalchemy-style (repeats, avg and std_err)")
public final class EvalKind implements StageKindDefinition {
  private static final List<ParamSpec> PARAMS =
      EndpointParams.withTuning(ParamSpecs.of(EvalParams.class));

  private static final List<ParamRule> RULES =
      EndpointParams.withRules(
          List.of(
              ParamRule.endpointUrl("base_url"),
              new ParamRule(
                  "types",
                  "a mapping of benchmark names to math, multiple-choice or code",
                  v -> {
                    for (JsonNode type : v) {
                      if (!List.of("math", "multiple-choice", "code").contains(type.asText())) {
                        return false;
                      }
                    }
                    return true;
                  }),
              new ParamRule(
                  "repeats",
                  "a mapping of benchmark names to whole numbers of at least 1",
                  v -> {
                    for (JsonNode repeats : v) {
                      if (!repeats.canConvertToExactIntegral()
                          || repeats.decimalValue().compareTo(BigDecimal.ONE) < 0) {
                        return false;
                      }
                    }
                    return true;
                  }),
              ParamRule.nonNegative("temperature"),
              ParamRule.atLeast("max_tokens", 1),
              ParamRule.fraction("top_p"),
              ParamRule.atLeast("concurrency", 1),
              ParamRule.atLeast("shard_size", 1),
              ParamRule.atLeast("parallel_shards", 1)));

  /** The params record's, then the endpoint tuning params. */
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
    return List.of("benchmarks");
  }

  /**
   * In shards on the LLM task queue, unless it serves its model ({@code serve}): then one activity
   * on the GPU task queue.
   */
  @Override
  public StageTraits traits(JsonNode params) {
    return params.hasNonNull("serve") ? StageTraits.GPU : StageTraits.SHARDED;
  }

  /** An evaluation asks thousands of long questions in one activity: a day per attempt. */
  @Override
  public RetrySpec defaultRetry() {
    return RetrySpec.EVALUATION;
  }

  @Override
  public Stage stage(StageEnvironment environment) {
    return new EvalStage();
  }
}
