package dev.distillery.stages;

import com.fasterxml.jackson.databind.JsonNode;
import dev.distillery.recipe.Kind;
import dev.distillery.recipe.ParamRule;
import dev.distillery.recipe.RetrySpec;
import dev.distillery.recipe.StageTraits;
import dev.distillery.stages.core.Stage;
import dev.distillery.stages.core.StageEnvironment;
import java.math.BigDecimal;
import java.util.List;
import java.util.stream.Stream;

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
  /** Checks on each value of a mapping, which no {@code @Param} attribute expresses. */
  private static final List<ParamRule> MAPPING_RULES =
      List.of(
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
              }));

  /** The params record's checks, then those of {@code types} and {@code repeats}. */
  @Override
  public List<ParamRule> rules() {
    return Stream.concat(StageKindDefinition.super.rules().stream(), MAPPING_RULES.stream())
        .toList();
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
