package dev.distillery.stages;

import static dev.distillery.recipe.ParamSpec.optional;
import static dev.distillery.recipe.ParamSpec.required;
import static dev.distillery.recipe.ParamSpec.tuning;
import static dev.distillery.recipe.ParamType.INTEGER;
import static dev.distillery.recipe.ParamType.NUMBER;
import static dev.distillery.recipe.ParamType.STRING;
import static dev.distillery.recipe.ParamType.STRING_LIST;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.distillery.recipe.EndpointParams;
import dev.distillery.recipe.ParamRule;
import dev.distillery.recipe.ParamSpec;
import dev.distillery.recipe.StageTraits;
import java.util.List;

/** The {@code teacher} stage kind: asks a teacher model to answer every question. */
public final class TeacherKind implements StageKindDefinition {
  private static final JsonNodeFactory F = JsonNodeFactory.instance;
  private static final JsonNode NONE = null;

  private static final List<ParamSpec> PARAMS =
      EndpointParams.withTuning(
          List.of(
              required("base_url", STRING, "OpenAI-compatible endpoint, e.g. http://host/v1"),
              required("model", STRING, "model name sent to the endpoint"),
              optional("api_key_env", STRING, NONE, "name of the env var holding the API key"),
              optional("n", INTEGER, F.numberNode(1), "completions per question"),
              optional(
                  "questions",
                  INTEGER,
                  NONE,
                  "answer only the first this many input questions; all when unset. With n"
                      + " it fixes the total: zip n [1, 4, 16] with questions [31600, 7900,"
                      + " 1975] for 31,600 answers each"),
              optional("temperature", NUMBER, F.numberNode(1.0), "sampling temperature"),
              optional("max_tokens", INTEGER, F.numberNode(4096), "completion token limit"),
              optional("top_p", NUMBER, NONE, "nucleus sampling; unset leaves the default"),
              optional("seed", INTEGER, NONE, "sampling seed sent to the endpoint"),
              optional("stop", STRING_LIST, NONE, "stop sequences"),
              optional("system_prompt", STRING, NONE, "system message sent first"),
              optional(
                  "prompt_template",
                  STRING,
                  NONE,
                  "user message; {question}, {domain}, {source} and {id} are filled in"),
              tuning("concurrency", INTEGER, F.numberNode(8), "requests in flight per shard"),
              tuning("shard_size", INTEGER, F.numberNode(500), "questions per shard activity"),
              tuning("parallel_shards", INTEGER, F.numberNode(4), "shards running at once"),
              tuning("mode", STRING, F.textNode("online"), "online, or batch (Batch API)"),
              tuning("batch_poll_seconds", INTEGER, F.numberNode(60), "wait between batch polls"),
              tuning(
                  "batch_max_submits",
                  INTEGER,
                  F.numberNode(4),
                  "batches per shard before giving up on expired requests")));

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

  @Override
  public String name() {
    return "teacher";
  }

  @Override
  public int version() {
    return 2;
  }

  @Override
  public String summary() {
    return "Asks a teacher model to answer every question";
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
