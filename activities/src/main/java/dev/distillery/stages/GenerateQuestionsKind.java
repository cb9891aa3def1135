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
import dev.distillery.recipe.ParamRule;
import dev.distillery.recipe.ParamSpec;
import java.util.List;

/**
 * The {@code generate-questions} stage kind: writes new questions with a model, from seed questions
 * or topics.
 */
public final class GenerateQuestionsKind implements StageKindDefinition {
  private static final JsonNodeFactory F = JsonNodeFactory.instance;
  private static final JsonNode NONE = null;

  private static final List<ParamSpec> PARAMS =
      List.of(
          required("base_url", STRING, "OpenAI-compatible endpoint of the writer model"),
          required("model", STRING, "model that writes the questions"),
          optional("api_key_env", STRING, NONE, "name of the env var holding the API key"),
          optional("topics", STRING_LIST, NONE, "topics, when there is no seed input"),
          optional(
              "prompt_template",
              STRING,
              NONE,
              "user message; {seed} (input question), {topic} and {domain} filled in"),
          optional("system_prompt", STRING, NONE, "system message sent first"),
          optional("per_seed", INTEGER, F.numberNode(1), "questions per seed or topic"),
          optional("temperature", NUMBER, F.numberNode(1.0), "sampling temperature"),
          optional("max_tokens", INTEGER, F.numberNode(1024), "completion token limit"),
          optional("seed", INTEGER, NONE, "sampling seed sent to the endpoint"),
          optional("domain", STRING, F.textNode("math"), "domain of every row"),
          optional("source_name", STRING, F.textNode("generated"), "source of every row"),
          optional("min_chars", INTEGER, F.numberNode(10), "shortest question kept"),
          optional("max_chars", INTEGER, F.numberNode(5000), "longest question kept"),
          tuning("concurrency", INTEGER, F.numberNode(8), "requests in flight"),
          tuning("max_retries", INTEGER, F.numberNode(6), "retries per request"),
          tuning("timeout_seconds", INTEGER, F.numberNode(600), "per-request timeout"),
          tuning("requests_per_minute", INTEGER, F.numberNode(0), "0 for no limit"),
          tuning("tokens_per_minute", INTEGER, F.numberNode(0), "0 for no limit"));

  private static final List<ParamRule> RULES =
      List.of(
          ParamRule.endpointUrl("base_url"),
          ParamRule.template("prompt_template", List.of("seed", "topic", "domain"), null),
          ParamRule.atLeast("per_seed", 1),
          ParamRule.atLeast("max_tokens", 1),
          ParamRule.nonNegative("temperature"),
          ParamRule.atLeast("min_chars", 0),
          ParamRule.atLeast("max_chars", 1),
          ParamRule.atLeast("concurrency", 1));

  @Override
  public String name() {
    return "generate-questions";
  }

  @Override
  public int version() {
    return 2;
  }

  @Override
  public String summary() {
    return "Writes new questions with a model, from seed questions or topics";
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
  public Stage stage(StageEnvironment environment) {
    return new GenerateQuestionsStage();
  }
}
