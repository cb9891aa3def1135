package dev.distillery.stages;

import dev.distillery.recipe.StageKindSpec;
import dev.distillery.stages.core.Stage;
import dev.distillery.stages.core.StageEnvironment;

/**
 * A stage kind as one unit: its contract for recipes and the planner ({@link StageKindSpec}: name,
 * version, params, checks, files, traits) and its implementation. Register a kind with one line
 * naming its class in {@code META-INF/services/dev.distillery.recipe.StageKindSpec}; the built-in
 * kinds ({@code SourceKind}, {@code MixKind}, ...) register the same way.
 */
public interface StageKindDefinition extends StageKindSpec {
  /**
   * The kind's implementation, created once per worker.
   *
   * @param environment what the worker gives every kind
   */
  Stage stage(StageEnvironment environment);
}
