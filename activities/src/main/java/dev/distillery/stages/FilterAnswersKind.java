package dev.distillery.stages;

import static dev.distillery.recipe.ParamSpec.optional;
import static dev.distillery.recipe.ParamSpec.tuning;
import static dev.distillery.recipe.ParamType.BOOLEAN;
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

/**
 * The {@code filter-answers} stage kind: keeps the teacher answers that pass a correctness or
 * length filter.
 */
public final class FilterAnswersKind implements StageKindDefinition {
  private static final JsonNodeFactory F = JsonNodeFactory.instance;
  private static final JsonNode NONE = null;

  private static final List<ParamSpec> PARAMS =
      List.of(
          optional(
              "method",
              STRING,
              F.textNode("none"),
              "none, llm-judge, majority, length, verify or classifier"),
          optional(
              "drop_truncated",
              BOOLEAN,
              F.booleanNode(true),
              "drop answers cut off at max_tokens (finish_reason length) into the dropped"
                  + " rows; false keeps them"),
          optional("k", INTEGER, NONE, "length: samples kept per question"),
          optional(
              "positives",
              STRING_LIST,
              NONE,
              "classifier: files of answers to keep like (a response or text field)"),
          optional(
              "negatives",
              STRING_LIST,
              NONE,
              "classifier: files of answers to drop like (a response or text field)"),
          optional(
              "min_score",
              NUMBER,
              F.numberNode(0.5),
              "classifier: keep answers whose probability is at least this"),
          optional(
              "files_sha256",
              STRING_MAP,
              NONE,
              "sha256 of each local file named in positives and negatives; distill fills"
                  + " it in when it plans, so that a changed file gets a new content"
                  + " address"),
          optional(
              "order",
              STRING,
              F.textNode("longest"),
              "length: keep the longest or the shortest samples"),
          optional("base_url", STRING, NONE, "llm-judge: OpenAI-compatible endpoint"),
          optional("model", STRING, NONE, "llm-judge: judge model name"),
          optional("api_key_env", STRING, NONE, "llm-judge: env var holding the API key"),
          optional(
              "max_tokens",
              INTEGER,
              F.numberNode(1024),
              "llm-judge: completion token limit of a judgment"),
          optional(
              "use_reference",
              BOOLEAN,
              F.booleanNode(true),
              "llm-judge: show the judge the row's reference answer when it has one"),
          optional(
              "keep_unparsed",
              BOOLEAN,
              F.booleanNode(false),
              "llm-judge: keep a row whose judgment is not {\"correct\": true|false}"),
          tuning("concurrency", INTEGER, F.numberNode(8), "llm-judge: requests in flight"),
          tuning("max_retries", INTEGER, F.numberNode(6), "llm-judge: retries per request"),
          tuning("timeout_seconds", INTEGER, F.numberNode(600), "llm-judge: request timeout"),
          tuning(
              "requests_per_minute",
              INTEGER,
              F.numberNode(0),
              "llm-judge: the endpoint's request limit; 0 for none"),
          tuning(
              "tokens_per_minute",
              INTEGER,
              F.numberNode(0),
              "llm-judge: the endpoint's token limit; 0 for none"));

  private static final List<ParamRule> RULES =
      List.of(
          ParamRule.oneOf(
              "method", "none", "llm-judge", "majority", "length", "verify", "classifier"),
          ParamRule.endpointUrl("base_url"),
          ParamRule.fraction("min_score"),
          ParamRule.atLeast("k", 1),
          ParamRule.oneOf("order", "longest", "shortest"),
          ParamRule.atLeast("max_tokens", 1),
          ParamRule.atLeast("concurrency", 1),
          ParamRule.atLeast("max_retries", 0),
          ParamRule.atLeast("timeout_seconds", 1),
          ParamRule.atLeast("requests_per_minute", 0),
          ParamRule.atLeast("tokens_per_minute", 0));

  @Override
  public String name() {
    return "filter-answers";
  }

  @Override
  public int version() {
    return 3;
  }

  @Override
  public String summary() {
    return "Keeps the teacher answers that pass a correctness or length filter";
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
    return new FilterAnswersStage();
  }
}
