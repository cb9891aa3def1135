package dev.distillery.recipe;

import static com.fasterxml.jackson.annotation.JsonInclude.Include.NON_DEFAULT;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * How a stage's work runs, decided by its kind when it is planned ({@link StageKindSpec#traits}).
 *
 * @param sharded it calls a model endpoint directly: shard activities on the LLM task queue, each
 *     resumable from its last checkpoint and gated by the sweep's budget, instead of one activity
 * @param gpu its activity needs the training machine (the GPU task queue)
 * @param fineTune its work runs through a fine-tuning API, polled by its workflow
 *     <p>Only the traits a stage has are written ({@code {"sharded":true}}, {@code {}} for none),
 *     so that plans, which every experiment's workflow input carries, stay small.
 */
public record StageTraits(
    @JsonInclude(NON_DEFAULT) boolean sharded,
    @JsonInclude(NON_DEFAULT) boolean gpu,
    @JsonInclude(NON_DEFAULT) boolean fineTune) {
  /** One activity on the stages task queue. */
  public static final StageTraits NONE = new StageTraits(false, false, false);

  /** Shard activities on the LLM task queue. */
  public static final StageTraits SHARDED = new StageTraits(true, false, false);

  /** One activity on the GPU task queue. */
  public static final StageTraits GPU = new StageTraits(false, true, false);

  /** A fine-tuning job polled by the stage's workflow. */
  public static final StageTraits FINE_TUNE = new StageTraits(false, false, true);

  /**
   * The traits of a stage planned before plans carried them, as the built-in kinds decided them
   * then: histories recorded with such plans replay with the same decisions. Only for those
   * payloads; new plans take their traits from the kind.
   */
  public static StageTraits beforePlannedTraits(String kind, JsonNode params) {
    String trainer = params.path("trainer").asText();
    boolean serve = params.hasNonNull("serve");
    return new StageTraits(
        "teacher".equals(kind) || ("eval".equals(kind) && !serve),
        ("train".equals(kind) && "command".equals(trainer)) || ("eval".equals(kind) && serve),
        "train".equals(kind) && "openai-finetune".equals(trainer));
  }
}
