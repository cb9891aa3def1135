package dev.distillery.stages;

import dev.distillery.recipe.Kind;
import dev.distillery.recipe.ParamRule;
import java.util.List;

/** The {@code dedup} stage kind: removes duplicate questions. */
@Kind(
    name = "dedup",
    version = 3,
    minInputs = 1,
    maxInputs = 1,
    params = DedupParams.class,
    summary = "Removes duplicate questions")
public final class DedupKind implements StageKindDefinition {
  private static final List<ParamRule> RULES =
      List.of(ParamRule.oneOf("method", "exact", "fuzzy", "none"), ParamRule.percent("threshold"));

  @Override
  public List<ParamRule> rules() {
    return RULES;
  }

  @Override
  public Stage stage(StageEnvironment environment) {
    return new DedupStage();
  }
}
