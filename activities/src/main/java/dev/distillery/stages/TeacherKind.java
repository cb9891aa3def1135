package dev.distillery.stages;

import com.fasterxml.jackson.databind.JsonNode;
import dev.distillery.recipe.EndpointParams;
import dev.distillery.recipe.Kind;
import dev.distillery.recipe.ParamRule;
import dev.distillery.recipe.ParamSpec;
import dev.distillery.recipe.ParamSpecs;
import dev.distillery.recipe.StageTraits;
import java.util.List;

/** The {@code teacher} stage kind: asks a teacher model to answer every question. */
@Kind(
    name = "teacher",
    version = 2,
    minInputs = 1,
    maxInputs = 1,
    params = TeacherParams.class,
    summary = "Asks a teacher model to answer every question")
public final class TeacherKind implements StageKindDefinition {
  private static final List<ParamSpec> PARAMS =
      EndpointParams.withTuning(ParamSpecs.of(TeacherParams.class));

  private static final List<ParamRule> RULES =
      EndpointParams.withRules(
          List.of(
              ParamRule.endpointUrl("base_url"),
              ParamRule.template(
                  "prompt_template", List.of("question", "domain", "source", "id"), "question"),
              ParamRule.atLeast("n", 1),
              ParamRule.atLeast("questions", 1),
              ParamRule.nonNegative("temperature"),
              ParamRule.atLeast("max_tokens", 1),
              ParamRule.fraction("top_p"),
              ParamRule.atLeast("concurrency", 1),
              ParamRule.atLeast("shard_size", 1),
              ParamRule.atLeast("parallel_shards", 1),
              ParamRule.oneOf("mode", "online", "batch"),
              ParamRule.atLeast("batch_poll_seconds", 1),
              ParamRule.atLeast("batch_max_submits", 1)));

  /** The params record's, then the endpoint tuning params. */
  @Override
  public List<ParamSpec> params() {
    return PARAMS;
  }

  @Override
  public List<ParamRule> rules() {
    return RULES;
  }

  /** Always in shards on the LLM task queue. */
  @Override
  public StageTraits traits(JsonNode params) {
    return StageTraits.SHARDED;
  }

  @Override
  public Stage stage(StageEnvironment environment) {
    return new TeacherStage();
  }
}
