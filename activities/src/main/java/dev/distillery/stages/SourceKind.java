package dev.distillery.stages;

import static dev.distillery.recipe.ParamSpec.optional;
import static dev.distillery.recipe.ParamSpec.required;
import static dev.distillery.recipe.ParamSpec.tuning;
import static dev.distillery.recipe.ParamType.INTEGER;
import static dev.distillery.recipe.ParamType.STRING;
import static dev.distillery.recipe.ParamType.STRING_LIST;
import static dev.distillery.recipe.ParamType.STRING_MAP;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.distillery.recipe.ParamRule;
import dev.distillery.recipe.ParamSpec;
import java.util.List;

/**
 * The {@code source} stage kind: reads questions from a JSONL, CSV or Parquet file, local or
 * remote.
 */
public final class SourceKind implements StageKindDefinition {
  private static final JsonNodeFactory F = JsonNodeFactory.instance;
  private static final JsonNode NONE = null;

  private static final List<ParamSpec> PARAMS =
      List.of(
          required(
              "path",
              STRING,
              "local path, s3://, http(s):// or hf://datasets/<owner>/<name>/<file> of a"
                  + " JSONL, CSV or Parquet file, optionally .zst"),
          optional(
              "format",
              STRING,
              F.textNode("auto"),
              "auto (from the extension: .csv is CSV, .parquet Parquet, anything else"
                  + " JSONL), jsonl, csv or parquet"),
          optional(
              "fields",
              STRING_MAP,
              F.objectNode().put("question", "question"),
              "maps our row fields question/id/answer/domain to the file's field names"),
          optional(
              "metadata",
              STRING_LIST,
              NONE,
              "more of the file's fields, kept under the row's metadata"),
          optional("source_name", STRING, NONE, "source name; derived from the file name"),
          optional("domain", STRING, F.textNode("general"), "domain of every row"),
          optional("limit", INTEGER, NONE, "read at most this many rows; no limit"),
          optional("sample", INTEGER, NONE, "keep a seeded random sample of this many rows"),
          optional(
              "sample_seed",
              INTEGER,
              F.numberNode(0),
              "random seed of sample (not seed, so a sweep's seeds leave sources shared)"),
          optional(
              "on_bad_row",
              STRING,
              F.textNode("fail"),
              "fail (the first record that cannot be read fails the stage, naming its"
                  + " line) or skip (each goes to the dropped rows with its reason)"),
          optional(
              "max_bad_rows",
              INTEGER,
              NONE,
              "skip only: fail once more than this many records were skipped; no limit"),
          tuning(
              "token_env",
              STRING,
              NONE,
              "name of the env var holding a bearer token for http(s) and hf:// paths"),
          optional(
              "content_sha256",
              STRING,
              NONE,
              "sha256 of the file's bytes; distill fills it in for a local file when it"
                  + " plans, so that a changed file gets a new content address; set it"
                  + " by hand to pin a remote file"));

  private static final List<ParamRule> RULES =
      List.of(
          ParamRule.atLeast("limit", 1),
          ParamRule.atLeast("sample", 1),
          ParamRule.oneOf("format", "auto", "jsonl", "csv", "parquet"),
          ParamRule.oneOf("on_bad_row", "fail", "skip"),
          ParamRule.atLeast("max_bad_rows", 0));

  @Override
  public String name() {
    return "source";
  }

  @Override
  public int version() {
    return 3;
  }

  @Override
  public String summary() {
    return "Reads questions from a JSONL, CSV or Parquet file, local or remote";
  }

  @Override
  public int minInputs() {
    return 0;
  }

  @Override
  public int maxInputs() {
    return 0;
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
    return List.of("path");
  }

  @Override
  public Stage stage(StageEnvironment environment) {
    return new SourceStage();
  }
}
