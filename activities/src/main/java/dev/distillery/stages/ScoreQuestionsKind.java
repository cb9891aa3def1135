package dev.distillery.stages;

import static dev.distillery.recipe.ParamSpec.optional;
import static dev.distillery.recipe.ParamSpec.required;
import static dev.distillery.recipe.ParamSpec.tuning;
import static dev.distillery.recipe.ParamType.INTEGER;
import static dev.distillery.recipe.ParamType.NUMBER;
import static dev.distillery.recipe.ParamType.STRING;
import static dev.distillery.recipe.ParamType.STRING_LIST;
import static dev.distillery.recipe.ParamType.STRING_MAP;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.distillery.recipe.ParamRule;
import dev.distillery.recipe.ParamSpec;
import java.util.List;

/** The {@code score-questions} stage kind: scores every question and keeps the best. */
public final class ScoreQuestionsKind implements StageKindDefinition {
  private static final JsonNodeFactory F = JsonNodeFactory.instance;
  private static final JsonNode NONE = null;

  private static final List<ParamSpec> PARAMS =
      List.of(
          required(
              "method",
              STRING,
              "random, llm-difficulty, response-length, askllm, embedding or classifier"),
          optional("keep_top", INTEGER, NONE, "keep the N best-scoring questions"),
          optional("keep", NUMBER, NONE, "keep this fraction, in (0, 1], best first"),
          optional("min_score", NUMBER, NONE, "keep questions scoring at least this"),
          optional("seed", INTEGER, F.numberNode(0), "ties, random scores, training"),
          optional("base_url", STRING, NONE, "endpoint of the LLM methods"),
          optional("model", STRING, NONE, "model of the LLM methods"),
          optional("api_key_env", STRING, NONE, "name of the env var holding the API key"),
          optional("temperature", NUMBER, NONE, "sampling temperature; 0 for ratings"),
          optional("max_tokens", INTEGER, NONE, "completion token limit"),
          optional("rubric", STRING, NONE, "llm-difficulty: replaces the default rubric"),
          optional("prompt_template", STRING, NONE, "response-length: user message, {question}"),
          optional("examples", STRING_LIST, NONE, "askllm: example questions to match"),
          optional("positives", STRING_LIST, NONE, "embedding, classifier: JSONL to keep like"),
          optional("negatives", STRING_LIST, NONE, "embedding, classifier: JSONL to drop like"),
          optional(
              "files_sha256",
              STRING_MAP,
              NONE,
              "sha256 of each local file named in positives and negatives; distill fills it in when it plans,"
                  + " so that a changed file gets a new content address"),
          tuning("concurrency", INTEGER, F.numberNode(8), "requests in flight"),
          tuning("max_retries", INTEGER, F.numberNode(6), "retries per request"),
          tuning("timeout_seconds", INTEGER, F.numberNode(600), "per-request timeout"),
          tuning("requests_per_minute", INTEGER, F.numberNode(0), "0 for no limit"),
          tuning("tokens_per_minute", INTEGER, F.numberNode(0), "0 for no limit"));

  private static final List<ParamRule> RULES =
      List.of(
          ParamRule.oneOf(
              "method",
              "random",
              "llm-difficulty",
              "response-length",
              "askllm",
              "embedding",
              "classifier"),
          ParamRule.endpointUrl("base_url"),
          ParamRule.template("prompt_template", List.of("question"), "question"),
          ParamRule.atLeast("keep_top", 0),
          ParamRule.fraction("keep"),
          ParamRule.atLeast("concurrency", 1),
          ParamRule.atLeast("max_retries", 0),
          ParamRule.atLeast("timeout_seconds", 1));

  @Override
  public String name() {
    return "score-questions";
  }

  @Override
  public int version() {
    return 1;
  }

  @Override
  public String summary() {
    return "Scores every question and keeps the best";
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
  public List<String> fileParams() {
    return List.of("positives", "negatives");
  }

  @Override
  public Stage stage(StageEnvironment environment) {
    return new ScoreQuestionsStage();
  }
}
