package dev.distillery.plan;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.distillery.recipe.RetrySpec;
import java.util.List;

/**
 * A stage of one experiment with its content address resolved.
 *
 * @param id the stage id in the recipe
 * @param kind the stage kind name
 * @param kindVersion the kind's version, part of the key
 * @param key the content address
 * @param params params with defaults filled in, tuning params included
 * @param inputs the artifacts this stage reads, in recipe order
 * @param retry retry and timeout policy
 */
public record PlannedStage(
    String id,
    String kind,
    int kindVersion,
    String key,
    ObjectNode params,
    List<StageRef> inputs,
    RetrySpec retry) {
  public PlannedStage {
    params = params.deepCopy();
    inputs = List.copyOf(inputs);
  }

  @Override
  public ObjectNode params() {
    return params.deepCopy();
  }

  public StageRef ref() {
    return new StageRef(kind, key);
  }
}
