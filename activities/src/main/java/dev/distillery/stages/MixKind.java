package dev.distillery.stages;

import dev.distillery.recipe.Kind;
import dev.distillery.recipe.ParamRule;
import java.util.List;

/** The {@code mix} stage kind: mixes sources: the top N, weights or equal shares, caps, a total. */
@Kind(
    name = "mix",
    version = 1,
    minInputs = 1,
    maxInputs = 16,
    params = MixParams.class,
    summary = "Mixes sources: the top N, weights or equal shares, caps, a total")
public final class MixKind implements StageKindDefinition {
  private static final List<ParamRule> RULES =
      List.of(
          ParamRule.atLeast("total", 1),
          ParamRule.nonNegativeValues("weights"),
          ParamRule.atLeast("top", 1),
          ParamRule.nonNegativeValues("caps"));

  @Override
  public List<ParamRule> rules() {
    return RULES;
  }

  @Override
  public Stage stage(StageEnvironment environment) {
    return new MixStage();
  }
}
