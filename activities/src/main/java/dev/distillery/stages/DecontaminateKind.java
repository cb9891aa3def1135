package dev.distillery.stages;

import dev.distillery.recipe.ParamRule;
import dev.distillery.recipe.ParamSpec;
import dev.distillery.recipe.ParamSpecs;
import java.util.List;

/**
 * The {@code decontaminate} stage kind: drops questions that are near copies of benchmark
 * questions.
 */
public final class DecontaminateKind implements StageKindDefinition {
  private static final List<ParamSpec> PARAMS = ParamSpecs.of(DecontaminateParams.class);

  private static final List<ParamRule> RULES =
      List.of(
          ParamRule.percent("threshold"),
          ParamRule.atLeast("ngram", 1),
          ParamRule.oneOf("ratio_mode", "fast", "exact"),
          ParamRule.oneOf("ngram_unit", "tokens", "words", "tokenizer"),
          ParamRule.oneOf("normalize", "lower", "nfkc-lower", "none"));

  @Override
  public String name() {
    return "decontaminate";
  }

  @Override
  public int version() {
    return 5;
  }

  @Override
  public String summary() {
    return "Drops questions that are near copies of benchmark questions";
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
    return List.of("benchmarks", "tokenizer");
  }

  @Override
  public Stage stage(StageEnvironment environment) {
    return new DecontaminateStage();
  }
}
