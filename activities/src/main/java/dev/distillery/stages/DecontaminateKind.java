package dev.distillery.stages;

import dev.distillery.recipe.Kind;
import dev.distillery.recipe.ParamRule;
import java.util.List;

/**
 * The {@code decontaminate} stage kind: drops questions that are near copies of benchmark
 * questions.
 */
@Kind(
    name = "decontaminate",
    version = 5,
    minInputs = 1,
    maxInputs = 1,
    params = DecontaminateParams.class,
    summary = "Drops questions that are near copies of benchmark questions")
public final class DecontaminateKind implements StageKindDefinition {
  private static final List<ParamRule> RULES =
      List.of(
          ParamRule.percent("threshold"),
          ParamRule.atLeast("ngram", 1),
          ParamRule.oneOf("ratio_mode", "fast", "exact"),
          ParamRule.oneOf("ngram_unit", "tokens", "words", "tokenizer"),
          ParamRule.oneOf("normalize", "lower", "nfkc-lower", "none"));

  @Override
  public List<ParamRule> rules() {
    return RULES;
  }

  @Override
  public List<String> fileParams() {
    return List.of("benchmarks", "tokenizer");
  }

  @Override
  public Stage stage(StageEnvironment environment) {
    return new DecontaminateStage();
  }
}
