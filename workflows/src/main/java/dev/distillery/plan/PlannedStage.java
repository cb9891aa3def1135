package dev.distillery.plan;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.distillery.recipe.RetrySpec;
import dev.distillery.recipe.StageTraits;
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
 * @param traits how the stage runs, decided by its kind when planned; null in plans recorded before
 *     plans carried traits, which take {@link StageTraits#beforePlannedTraits} so that their
 *     histories replay
 */
public record PlannedStage(
    String id,
    String kind,
    int kindVersion,
    String key,
    ObjectNode params,
    List<StageRef> inputs,
    RetrySpec retry,
    StageTraits traits) {
  public PlannedStage {
    params = params.deepCopy();
    inputs = List.copyOf(inputs);
    traits = traits != null ? traits : StageTraits.beforePlannedTraits(kind, params);
  }

  /** A stage whose traits are those the built-in kinds gave before plans carried them (tests). */
  public PlannedStage(
      String id,
      String kind,
      int kindVersion,
      String key,
      ObjectNode params,
      List<StageRef> inputs,
      RetrySpec retry) {
    this(id, kind, kindVersion, key, params, inputs, retry, null);
  }

  @Override
  public ObjectNode params() {
    return params.deepCopy();
  }

  public StageRef ref() {
    return new StageRef(kind, key);
  }
}
