package dev.distillery.stages;

import dev.distillery.recipe.Kind;
import dev.distillery.stages.core.Stage;
import dev.distillery.stages.core.StageEnvironment;

/** The {@code mix} stage kind: mixes sources: the top N, weights or equal shares, caps, a total. */
@Kind(
    name = "mix",
    version = 1,
    minInputs = 1,
    maxInputs = 16,
    params = MixParams.class,
    summary = "Mixes sources: the top N, weights or equal shares, caps, a total")
public final class MixKind implements StageKindDefinition {
  @Override
  public Stage stage(StageEnvironment environment) {
    return new MixStage();
  }
}
