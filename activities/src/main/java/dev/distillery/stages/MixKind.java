package dev.distillery.stages;

import dev.distillery.recipe.ParamRule;
import dev.distillery.recipe.ParamSpec;
import dev.distillery.recipe.ParamSpecs;
import java.util.List;

/** The {@code mix} stage kind: mixes sources: the top N, weights or equal shares, caps, a total. */
public final class MixKind implements StageKindDefinition {
  private static final List<ParamSpec> PARAMS = ParamSpecs.of(MixParams.class);

  private static final List<ParamRule> RULES =
      List.of(
          ParamRule.atLeast("total", 1),
          ParamRule.nonNegativeValues("weights"),
          ParamRule.atLeast("top", 1),
          ParamRule.nonNegativeValues("caps"));

  @Override
  public String name() {
    return "mix";
  }

  @Override
  public int version() {
    return 1;
  }

  @Override
  public String summary() {
    return "Mixes sources: the top N, weights or equal shares, caps, a total";
  }

  @Override
  public int minInputs() {
    return 1;
  }

  @Override
  public int maxInputs() {
    return 16;
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
  public Stage stage(StageEnvironment environment) {
    return new MixStage();
  }
}
