package dev.distillery.recipe;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * One stage as written in a recipe, after validation.
 *
 * @param id unique within the recipe; used in axis paths ({@code stages.<id>.<param>})
 * @param kind the stage kind name
 * @param params validated params with defaults filled in (a private copy; never mutated)
 * @param inputs ids of the stages it reads; the previous stage when the recipe names none
 * @param retry retry and timeout policy
 */
public record StageSpec(
    String id, String kind, ObjectNode params, List<String> inputs, RetrySpec retry) {
  public StageSpec {
    params = params.deepCopy();
    inputs = List.copyOf(inputs);
  }

  @Override
  public ObjectNode params() {
    return params.deepCopy();
  }
}
