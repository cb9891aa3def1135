package dev.distillery.stages;

import dev.distillery.recipe.ParamRule;
import dev.distillery.recipe.ParamSpec;
import dev.distillery.recipe.ParamSpecs;
import java.util.List;

/** The {@code dedup} stage kind: removes duplicate questions. */
public final class DedupKind implements StageKindDefinition {
  private static final List<ParamSpec> PARAMS = ParamSpecs.of(DedupParams.class);

  private static final List<ParamRule> RULES =
      List.of(ParamRule.oneOf("method", "exact", "fuzzy", "none"), ParamRule.percent("threshold"));

  @Override
  public String name() {
    return "dedup";
  }

  @Override
  public int version() {
    return 3;
  }

  @Override
  public String summary() {
    return "Removes duplicate questions";
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
  public Stage stage(StageEnvironment environment) {
    return new DedupStage();
  }
}
