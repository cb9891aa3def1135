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

/**
 * The {@code decontaminate} stage kind: drops questions that are near copies of benchmark
 * questions.
 */
public final class DecontaminateKind implements StageKindDefinition {
  private static final JsonNodeFactory F = JsonNodeFactory.instance;
  private static final JsonNode NONE = null;

  private static final List<ParamSpec> PARAMS =
      List.of(
          required(
              "benchmarks",
              STRING_LIST,
              "benchmark files (JSONL, CSV or Parquet, optionally .zst): local paths,"
                  + " s3://, http(s):// or hf://datasets/ URIs"),
          optional(
              "question_fields",
              STRING_LIST,
              F.arrayNode().add("question").add("problem").add("Question"),
              "the benchmark question is the first non-empty of these fields (a name"
                  + " starting with / is a JSON Pointer)"),
          optional("id_field", STRING, F.textNode("id"), "the benchmark item's id"),
          tuning(
              "token_env",
              STRING,
              NONE,
              "name of the environment variable holding a bearer token for private"
                  + " http(s):// or hf:// benchmark files"),
          optional(
              "threshold",
              NUMBER,
              F.numberNode(75),
              "drop a question whose fuzz.ratio to a benchmark question is at least this,"
                  + " 0-100"),
          optional(
              "ratio_mode",
              STRING,
              F.textNode("fast"),
              "fast (MinHash-LSH candidates, recall measured at 0.99+ per ratio band) or"
                  + " exact (every benchmark question a length and char-count bound leave"
                  + " possible is compared: no miss, many times slower)"),
          optional(
              "ngram",
              INTEGER,
              F.numberNode(13),
              "drop a question sharing a run of this many units with a benchmark question"),
          optional(
              "ngram_unit",
              STRING,
              F.textNode("tokens"),
              "tokens (as Qwen2's tokenizer splits text: symbols kept, digits one by one,"
                  + " as OpenThoughts3 counted), words (runs of letters and digits) or"
                  + " tokenizer (the token ids of params.tokenizer)"),
          optional(
              "tokenizer",
              STRING,
              NONE,
              "with ngram_unit tokenizer: a Hugging Face tokenizer.json (local path, s3://"
                  + " or http(s)://) whose token ids the n-gram rule counts"),
          optional(
              "normalize",
              STRING,
              F.textNode("lower"),
              "text both rules compare: lower (lower case, whitespace runs as one space),"
                  + " nfkc-lower (Unicode NFKC first) or none (as written, as"
                  + " OpenThoughts3)"),
          optional(
              "files_sha256",
              STRING_MAP,
              NONE,
              "sha256 of each local benchmark file and tokenizer; distill fills it in"
                  + " when it plans, so that a changed file gets a new content address"));

  private static final List<ParamRule> RULES =
      List.of(
          ParamRule.percent("threshold"),
          ParamRule.atLeast("ngram", 1),
          ParamRule.oneOf("ratio_mode", "fast", "exact"),
          ParamRule.oneOf("ngram_unit", "tokens", "words", "tokenizer"),
          ParamRule.oneOf("normalize", "lower", "nfkc-lower", "none"));

  @Override
  public String name() {
    return "decontaminate";
  }

  @Override
  public int version() {
    return 5;
  }

  @Override
  public String summary() {
    return "Drops questions that are near copies of benchmark questions";
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
    return List.of("benchmarks", "tokenizer");
  }

  @Override
  public Stage stage(StageEnvironment environment) {
    return new DecontaminateStage();
  }
}
