package dev.distillery.stages;

import static dev.distillery.recipe.ParamSpec.optional;
import static dev.distillery.recipe.ParamSpec.required;
import static dev.distillery.recipe.ParamSpec.tuning;
import static dev.distillery.recipe.ParamType.INTEGER;
import static dev.distillery.recipe.ParamType.NUMBER;
import static dev.distillery.recipe.ParamType.NUMBER_MAP;
import static dev.distillery.recipe.ParamType.STRING;
import static dev.distillery.recipe.ParamType.STRING_MAP;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.distillery.recipe.EndpointParams;
import dev.distillery.recipe.ParamRule;
import dev.distillery.recipe.ParamSpec;
import dev.distillery.recipe.StageTraits;
import java.math.BigDecimal;
import java.util.List;

/**
 * The {@code eval} stage kind: scores a model on benchmarks, Evalchemy-style (repeats, avg and
 * std_err).
 */
public final class EvalKind implements StageKindDefinition {
  private static final JsonNodeFactory F = JsonNodeFactory.instance;
  private static final JsonNode NONE = null;

  private static final List<ParamSpec> PARAMS =
      EndpointParams.withTuning(
          List.of(
              optional(
                  "base_url",
                  STRING,
                  NONE,
                  "OpenAI-compatible endpoint of the model to score; not with a train"
                      + " stage as input (its model is scored)"),
              optional(
                  "model",
                  STRING,
                  NONE,
                  "model name sent to the endpoint; not with a train stage as input"),
              optional(
                  "serve",
                  STRING,
                  NONE,
                  "a command that serves the input train stage's model on a"
                      + " distillery-gpu worker while it is scored, e.g. vllm serve {model}"
                      + " --port {port}"),
              optional("api_key_env", STRING, NONE, "name of the env var holding the API key"),
              required(
                  "benchmarks",
                  STRING_MAP,
                  "benchmark name -> its data file (JSONL, CSV or Parquet; local, s3://,"
                      + " http(s):// or hf://datasets/). Built in: AIME24, AIME25, AMC23, HMMT,"
                      + " MATH500, GPQA-Diamond, JEEBench, LiveCodeBench (their repeats, fields"
                      + " and prompts); other names need params.types"),
              optional(
                  "types",
                  STRING_MAP,
                  NONE,
                  "benchmark name -> grader: math, multiple-choice or code"),
              optional(
                  "repeats",
                  NUMBER_MAP,
                  NONE,
                  "benchmark name -> times each question is asked (repeat i uses seed + i)"),
              optional(
                  "question_fields",
                  STRING_MAP,
                  NONE,
                  "benchmark name -> question field (a name, or a JSON Pointer starting with"
                      + " /; comma-separated for the first present). Default: the built-in"
                      + " benchmark's, else question, problem, Question"),
              optional("answer_fields", STRING_MAP, NONE, "benchmark name -> answer field"),
              optional("id_fields", STRING_MAP, NONE, "benchmark name -> question id field"),
              optional(
                  "choice_fields",
                  STRING_MAP,
                  NONE,
                  "benchmark name -> multiple-choice fields, the right one first,"
                      + " comma-separated; or one field holding a list of choices"),
              optional(
                  "prompt_templates",
                  STRING_MAP,
                  NONE,
                  "benchmark name -> user message; {question} (and {choices}) are filled in"),
              optional("temperature", NUMBER, F.numberNode(0.7), "sampling temperature"),
              optional("max_tokens", INTEGER, F.numberNode(32768), "completion token limit"),
              optional("top_p", NUMBER, NONE, "nucleus sampling; unset leaves the default"),
              optional("seed", INTEGER, F.numberNode(0), "seed base: repeat i uses seed + i"),
              optional("system_prompt", STRING, NONE, "system message sent first"),
              tuning("concurrency", INTEGER, F.numberNode(8), "requests in flight"),
              tuning(
                  "shard_size",
                  INTEGER,
                  F.numberNode(200),
                  "questions x repeats per shard activity (not with serve)"),
              tuning(
                  "parallel_shards",
                  INTEGER,
                  F.numberNode(4),
                  "shards running at once (not with serve)"),
              tuning(
                  "serve_timeout_seconds",
                  INTEGER,
                  F.numberNode(1800),
                  "serve: how long the server may take to answer its health check")));

  private static final List<ParamRule> RULES =
      EndpointParams.withRules(
          List.of(
              ParamRule.endpointUrl("base_url"),
              new ParamRule(
                  "types",
                  "a mapping of benchmark names to math, multiple-choice or code",
                  v -> {
                    for (JsonNode type : v) {
                      if (!List.of("math", "multiple-choice", "code").contains(type.asText())) {
                        return false;
                      }
                    }
                    return true;
                  }),
              new ParamRule(
                  "repeats",
                  "a mapping of benchmark names to whole numbers of at least 1",
                  v -> {
                    for (JsonNode repeats : v) {
                      if (!repeats.canConvertToExactIntegral()
                          || repeats.decimalValue().compareTo(BigDecimal.ONE) < 0) {
                        return false;
                      }
                    }
                    return true;
                  }),
              ParamRule.nonNegative("temperature"),
              ParamRule.atLeast("max_tokens", 1),
              ParamRule.fraction("top_p"),
              ParamRule.atLeast("concurrency", 1),
              ParamRule.atLeast("shard_size", 1),
              ParamRule.atLeast("parallel_shards", 1)));

  @Override
  public String name() {
    return "eval";
  }

  @Override
  public int version() {
    return 1;
  }

  @Override
  public String summary() {
    return "Scores a model on benchmarks, Evalchemy-style (repeats, avg and std_err)";
  }

  @Override
  public int minInputs() {
    return 0;
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
  public List<String> fileParams() {
    return List.of("benchmarks");
  }

  /**
   * In shards on the LLM task queue, unless it serves its model ({@code serve}): then one activity
   * on the GPU task queue.
   */
  @Override
  public StageTraits traits(JsonNode params) {
    return params.hasNonNull("serve") ? StageTraits.GPU : StageTraits.SHARDED;
  }

  @Override
  public Stage stage(StageEnvironment environment) {
    return new EvalStage();
  }
}
