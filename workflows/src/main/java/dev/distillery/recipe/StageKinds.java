package dev.distillery.recipe;

import static dev.distillery.recipe.ParamSpec.optional;
import static dev.distillery.recipe.ParamSpec.required;
import static dev.distillery.recipe.ParamSpec.tuning;
import static dev.distillery.recipe.ParamType.BOOLEAN;
import static dev.distillery.recipe.ParamType.INTEGER;
import static dev.distillery.recipe.ParamType.NUMBER;
import static dev.distillery.recipe.ParamType.NUMBER_MAP;
import static dev.distillery.recipe.ParamType.SCALAR_MAP;
import static dev.distillery.recipe.ParamType.STRING;
import static dev.distillery.recipe.ParamType.STRING_LIST;
import static dev.distillery.recipe.ParamType.STRING_MAP;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The catalogue of stage kinds a recipe may use, with the extra value checks of each kind. Bump a
 * kind's version whenever the same params and inputs would give different output.
 */
public final class StageKinds {
  private static final JsonNodeFactory F = JsonNodeFactory.instance;
  private static final JsonNode NONE = null;

  /**
   * The params that name files a stage reads (local paths or URIs), by kind: a path, a list of
   * them, or (eval's benchmarks) a mapping of names to them.
   */
  private static final Map<String, List<String>> FILE_PARAMS =
      Map.of(
          "source", List.of("path"),
          "decontaminate", List.of("benchmarks", "tokenizer"),
          "score-questions", List.of("positives", "negatives"),
          "filter-answers", List.of("positives", "negatives"),
          "eval", List.of("benchmarks"));

  private static final List<StageKind> ALL =
      withBaseDir(
          new StageKind(
              "source",
              3,
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
                  optional(
                      "sample", INTEGER, NONE, "keep a seeded random sample of this many rows"),
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
                          + " by hand to pin a remote file")),
              0,
              0,
              "Reads questions from a JSONL, CSV or Parquet file, local or remote"),
          new StageKind(
              "synthetic-arithmetic",
              1,
              List.of(
                  required("count", INTEGER, "how many questions to generate"),
                  optional("seed", INTEGER, F.numberNode(0), "random seed"),
                  optional("max_operand", INTEGER, F.numberNode(50), "largest operand"),
                  optional("operations", INTEGER, F.numberNode(2), "operations per question"),
                  optional(
                      "source_name",
                      STRING,
                      F.textNode("synthetic-arithmetic"),
                      "source name written on every row")),
              0,
              0,
              "Generates arithmetic questions with known answers"),
          new StageKind(
              "generate-questions",
              2,
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
                  tuning("tokens_per_minute", INTEGER, F.numberNode(0), "0 for no limit")),
              0,
              1,
              "Writes new questions with a model, from seed questions or topics"),
          new StageKind(
              "mix",
              1,
              List.of(
                  required("total", INTEGER, "rows in the mixed output"),
                  optional(
                      "weights",
                      NUMBER_MAP,
                      NONE,
                      "share of each source (the rows' source field) by name; equal shares when"
                          + " absent"),
                  optional(
                      "top",
                      INTEGER,
                      NONE,
                      "use only the first N sources in input order, total/N rows each"),
                  optional("caps", NUMBER_MAP, NONE, "most rows taken from a source, by name"),
                  optional("seed", INTEGER, F.numberNode(0), "random seed")),
              1,
              16,
              "Mixes sources: the top N, weights or equal shares, caps, a total"),
          new StageKind(
              "dedup",
              3,
              List.of(
                  optional(
                      "method",
                      STRING,
                      F.textNode("exact"),
                      "exact (normalized text), fuzzy (Indel similarity >= threshold) or none"),
                  optional(
                      "threshold",
                      NUMBER,
                      F.numberNode(90),
                      "fuzzy only: drop a question whose fuzz.ratio to a kept one is at least"
                          + " this, 0-100")),
              1,
              1,
              "Removes duplicate questions"),
          new StageKind(
              "decontaminate",
              5,
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
                          + " when it plans, so that a changed file gets a new content address")),
              1,
              1,
              "Drops questions that are near copies of benchmark questions"),
          new StageKind(
              "filter-questions",
              1,
              List.of(
                  optional("min_chars", INTEGER, F.numberNode(0), "shortest question kept"),
                  optional("max_chars", INTEGER, F.numberNode(100000), "longest question kept"),
                  optional(
                      "keep",
                      NUMBER,
                      F.numberNode(1.0),
                      "fraction of questions kept, in (0, 1], longest first"),
                  optional("seed", INTEGER, F.numberNode(0), "random seed")),
              1,
              1,
              "Filters questions by length and keeps a fraction"),
          new StageKind(
              "score-questions",
              1,
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
                  optional(
                      "prompt_template", STRING, NONE, "response-length: user message, {question}"),
                  optional("examples", STRING_LIST, NONE, "askllm: example questions to match"),
                  optional(
                      "positives", STRING_LIST, NONE, "embedding, classifier: JSONL to keep like"),
                  optional(
                      "negatives", STRING_LIST, NONE, "embedding, classifier: JSONL to drop like"),
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
                  tuning("tokens_per_minute", INTEGER, F.numberNode(0), "0 for no limit")),
              1,
              1,
              "Scores every question and keeps the best"),
          new StageKind(
              "teacher",
              2,
              withEndpointTuning(
                  List.of(
                      required(
                          "base_url", STRING, "OpenAI-compatible endpoint, e.g. http://host/v1"),
                      required("model", STRING, "model name sent to the endpoint"),
                      optional(
                          "api_key_env", STRING, NONE, "name of the env var holding the API key"),
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
                      tuning(
                          "concurrency", INTEGER, F.numberNode(8), "requests in flight per shard"),
                      tuning(
                          "shard_size", INTEGER, F.numberNode(500), "questions per shard activity"),
                      tuning("parallel_shards", INTEGER, F.numberNode(4), "shards running at once"),
                      tuning("mode", STRING, F.textNode("online"), "online, or batch (Batch API)"),
                      tuning(
                          "batch_poll_seconds",
                          INTEGER,
                          F.numberNode(60),
                          "wait between batch polls"),
                      tuning(
                          "batch_max_submits",
                          INTEGER,
                          F.numberNode(4),
                          "batches per shard before giving up on expired requests"))),
              1,
              1,
              "Asks a teacher model to answer every question"),
          new StageKind(
              "filter-answers",
              3,
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
                  tuning(
                      "timeout_seconds", INTEGER, F.numberNode(600), "llm-judge: request timeout"),
                  tuning(
                      "requests_per_minute",
                      INTEGER,
                      F.numberNode(0),
                      "llm-judge: the endpoint's request limit; 0 for none"),
                  tuning(
                      "tokens_per_minute",
                      INTEGER,
                      F.numberNode(0),
                      "llm-judge: the endpoint's token limit; 0 for none")),
              1,
              1,
              "Keeps the teacher answers that pass a correctness or length filter"),
          new StageKind(
              "export",
              3,
              List.of(
                  optional(
                      "format",
                      STRING,
                      F.textNode("sharegpt"),
                      "sharegpt (OpenThoughts3 columns), messages (OpenAI chat JSONL), or parquet"
                          + " (the sharegpt rows, plus OpenThoughts3-typed Parquet files beside"
                          + " them)"),
                  optional(
                      "drop_truncated",
                      BOOLEAN,
                      F.booleanNode(true),
                      "drop answers cut off at max_tokens (finish_reason length) into the dropped"
                          + " rows; false exports them as they are"),
                  optional(
                      "system_prompt",
                      STRING,
                      NONE,
                      "messages: a system message put first in every row; none when unset"),
                  optional(
                      "dataset_name",
                      STRING,
                      F.textNode("distillery"),
                      "the dataset's name in the LLaMA-Factory dataset_info.json, and the file"
                          + " name <dataset_name>.jsonl that `distill artifacts download` writes")),
              1,
              1,
              "Writes the training set in a chat format"),
          new StageKind(
              "train",
              1,
              List.of(
                  required(
                      "trainer",
                      STRING,
                      "command (runs a training command such as LLaMA-Factory on a "
                          + "distillery-gpu worker) or openai-finetune (an OpenAI-compatible"
                          + " fine-tuning API)"),
                  required(
                      "base_model",
                      STRING,
                      "the model to fine-tune, e.g. Qwen/Qwen2.5-7B-Instruct"),
                  optional(
                      "preset",
                      STRING,
                      F.textNode("medium"),
                      "command: the study's preset (global batch / lr / epochs): micro 32/1e-5/13,"
                          + " small 96/2e-5/7, medium 128/4e-5/5, large 512/8e-5/5 with packing"),
                  optional(
                      "overrides",
                      SCALAR_MAP,
                      NONE,
                      "command: LLaMA-Factory config field -> value, replacing the preset's (null"
                          + " removes a field)"),
                  optional("gpus", INTEGER, F.numberNode(8), "command: GPUs the command trains on"),
                  optional(
                      "command",
                      STRING,
                      F.textNode("llamafactory-cli train {config}"),
                      "command: run with /bin/sh; {config}, {output_dir} and {work_dir} are filled"
                          + " in, and {resume} (where the resume flag goes; else at the end). It"
                          + " may print DISTILL_MODEL=<path or URI> to name the model"),
                  optional(
                      "resume_flag",
                      STRING,
                      F.textNode("resume_from_checkpoint={checkpoint}"),
                      "command: appended on a retry when a checkpoint exists"),
                  optional(
                      "base_url",
                      STRING,
                      NONE,
                      "openai-finetune: the fine-tuning API's base URL (it serves the model too)"),
                  optional("api_key_env", STRING, NONE, "name of the env var holding the API key"),
                  optional("suffix", STRING, NONE, "openai-finetune: suffix of the model's name"),
                  optional("n_epochs", INTEGER, NONE, "openai-finetune: epochs"),
                  optional("batch_size", INTEGER, NONE, "openai-finetune: batch size"),
                  optional(
                      "learning_rate_multiplier",
                      NUMBER,
                      NONE,
                      "openai-finetune: learning rate multiplier"),
                  optional("seed", INTEGER, NONE, "openai-finetune: the job's seed"),
                  tuning(
                      "work_dir",
                      STRING,
                      NONE,
                      "command: where config, data, checkpoints and the model go (one folder per"
                          + " stage). On a shared filesystem a retry on another node resumes."
                          + " Default: $DISTILL_HOME/train"),
                  tuning(
                      "poll_seconds",
                      INTEGER,
                      F.numberNode(30),
                      "openai-finetune: seconds between polls of the job")),
              1,
              1,
              "Fine-tunes a model on an export (a training command or a fine-tuning API)"),
          new StageKind(
              "eval",
              1,
              withEndpointTuning(
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
                      optional(
                          "api_key_env", STRING, NONE, "name of the env var holding the API key"),
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
                      optional(
                          "id_fields", STRING_MAP, NONE, "benchmark name -> question id field"),
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
                      optional(
                          "max_tokens", INTEGER, F.numberNode(32768), "completion token limit"),
                      optional("top_p", NUMBER, NONE, "nucleus sampling; unset leaves the default"),
                      optional(
                          "seed", INTEGER, F.numberNode(0), "seed base: repeat i uses seed + i"),
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
                          "serve: how long the server may take to answer its health check"))),
              0,
              1,
              "Scores a model on benchmarks, Evalchemy-style (repeats, avg and std_err)"));

  private static final Map<String, List<ParamRule>> RULES =
      Map.ofEntries(
          Map.entry(
              "generate-questions",
              List.of(
                  ParamRule.endpointUrl("base_url"),
                  ParamRule.template("prompt_template", List.of("seed", "topic", "domain"), null),
                  ParamRule.atLeast("per_seed", 1),
                  ParamRule.atLeast("max_tokens", 1),
                  ParamRule.nonNegative("temperature"),
                  ParamRule.atLeast("min_chars", 0),
                  ParamRule.atLeast("max_chars", 1),
                  ParamRule.atLeast("concurrency", 1))),
          Map.entry(
              "score-questions",
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
                  ParamRule.atLeast("timeout_seconds", 1))),
          Map.entry(
              "source",
              List.of(
                  ParamRule.atLeast("limit", 1),
                  ParamRule.atLeast("sample", 1),
                  ParamRule.oneOf("format", "auto", "jsonl", "csv", "parquet"),
                  ParamRule.oneOf("on_bad_row", "fail", "skip"),
                  ParamRule.atLeast("max_bad_rows", 0))),
          Map.entry(
              "synthetic-arithmetic",
              List.of(
                  ParamRule.atLeast("count", 1),
                  ParamRule.atLeast("max_operand", 1),
                  ParamRule.atLeast("operations", 1))),
          Map.entry(
              "mix",
              List.of(
                  ParamRule.atLeast("total", 1),
                  ParamRule.nonNegativeValues("weights"),
                  ParamRule.atLeast("top", 1),
                  ParamRule.nonNegativeValues("caps"))),
          Map.entry(
              "dedup",
              List.of(ParamRule.oneOf("method", "exact", "fuzzy", "none"), percent("threshold"))),
          Map.entry(
              "decontaminate",
              List.of(
                  percent("threshold"),
                  ParamRule.atLeast("ngram", 1),
                  ParamRule.oneOf("ratio_mode", "fast", "exact"),
                  ParamRule.oneOf("ngram_unit", "tokens", "words", "tokenizer"),
                  ParamRule.oneOf("normalize", "lower", "nfkc-lower", "none"))),
          Map.entry(
              "filter-questions",
              List.of(
                  ParamRule.atLeast("min_chars", 0),
                  ParamRule.atLeast("max_chars", 1),
                  ParamRule.fraction("keep"))),
          Map.entry(
              "teacher",
              withEndpointRules(
                  List.of(
                      ParamRule.endpointUrl("base_url"),
                      ParamRule.template(
                          "prompt_template",
                          List.of("question", "domain", "source", "id"),
                          "question"),
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
                      ParamRule.atLeast("batch_max_submits", 1)))),
          Map.entry(
              "filter-answers",
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
                  ParamRule.atLeast("tokens_per_minute", 0))),
          Map.entry(
              "export",
              List.of(
                  ParamRule.oneOf("format", "sharegpt", "messages", "parquet"),
                  ParamRule.safeName("dataset_name"))),
          Map.entry(
              "train",
              List.of(
                  ParamRule.oneOf("trainer", "command", "openai-finetune"),
                  ParamRule.oneOf("preset", "micro", "small", "medium", "large"),
                  ParamRule.atLeast("gpus", 1),
                  ParamRule.endpointUrl("base_url"),
                  ParamRule.atLeast("n_epochs", 1),
                  ParamRule.atLeast("batch_size", 1),
                  ParamRule.nonNegative("learning_rate_multiplier"),
                  ParamRule.atLeast("poll_seconds", 1))),
          Map.entry(
              "eval",
              withEndpointRules(
                  List.of(
                      ParamRule.endpointUrl("base_url"),
                      new ParamRule(
                          "types",
                          "a mapping of benchmark names to math, multiple-choice or code",
                          v -> {
                            for (JsonNode type : v) {
                              if (!List.of("math", "multiple-choice", "code")
                                  .contains(type.asText())) {
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
                      ParamRule.atLeast("parallel_shards", 1)))));

  private static final Map<String, StageKind> BY_NAME = new LinkedHashMap<>();

  static {
    for (StageKind kind : ALL) {
      BY_NAME.put(kind.name(), kind);
    }
  }

  private StageKinds() {}

  /**
   * {@code kinds}, where those that read local files also take {@code base_dir}: the folder their
   * relative paths resolve against, which the planner sets to the sweep or recipe file's folder. A
   * tuning param, so the same files give the same content address from any folder.
   */
  private static List<StageKind> withBaseDir(StageKind... kinds) {
    List<StageKind> all = new ArrayList<>();
    for (StageKind kind : kinds) {
      if (!FILE_PARAMS.containsKey(kind.name())) {
        all.add(kind);
        continue;
      }
      List<ParamSpec> params = new ArrayList<>(kind.params());
      params.add(
          tuning(
              "base_dir",
              STRING,
              NONE,
              "the folder relative local paths resolve against; set by `run`, `submit` and"
                  + " `plan` to the folder of the sweep or recipe file"));
      all.add(
          new StageKind(
              kind.name(),
              kind.version(),
              params,
              kind.minInputs(),
              kind.maxInputs(),
              kind.summary()));
    }
    return List.copyOf(all);
  }

  /** {@code rules} followed by the checks of {@link #withEndpointTuning}'s params. */
  private static List<ParamRule> withEndpointRules(List<ParamRule> rules) {
    List<ParamRule> all = new ArrayList<>(rules);
    all.addAll(
        List.of(
            ParamRule.nonNegative("price_input_per_million"),
            ParamRule.nonNegative("price_output_per_million"),
            ParamRule.atLeast("max_retries", 0),
            ParamRule.atLeast("timeout_seconds", 1),
            ParamRule.atLeast("requests_per_minute", 0),
            ParamRule.atLeast("tokens_per_minute", 0)));
    return all;
  }

  /**
   * {@code params} followed by the tuning params of a stage that calls a model endpoint through the
   * worker's client: prices for the cost counter, retries, timeout and rate limits.
   */
  private static List<ParamSpec> withEndpointTuning(List<ParamSpec> params) {
    List<ParamSpec> all = new ArrayList<>(params);
    all.addAll(
        List.of(
            tuning(
                "price_input_per_million",
                NUMBER,
                F.numberNode(0),
                "USD per million prompt tokens, for the cost counter"),
            tuning(
                "price_output_per_million",
                NUMBER,
                F.numberNode(0),
                "USD per million completion tokens, for the cost counter"),
            tuning("max_retries", INTEGER, F.numberNode(6), "retries per request"),
            tuning("timeout_seconds", INTEGER, F.numberNode(600), "per-request timeout"),
            tuning(
                "requests_per_minute",
                INTEGER,
                F.numberNode(0),
                "the endpoint's request limit per worker; 0 for none"),
            tuning(
                "tokens_per_minute",
                INTEGER,
                F.numberNode(0),
                "the endpoint's token limit per worker; 0 for none")));
    return all;
  }

  /** The kind written as {@code name} in recipes, if there is one. */
  public static Optional<StageKind> find(String name) {
    return Optional.ofNullable(BY_NAME.get(name));
  }

  /** Every kind, in catalogue order. */
  public static List<StageKind> all() {
    return ALL;
  }

  /** The names of every kind, in catalogue order. */
  public static List<String> names() {
    return List.copyOf(BY_NAME.keySet());
  }

  /**
   * Whether a stage calls a model endpoint directly: it runs as shard activities on the LLM task
   * queue, each resumable from its last checkpoint and gated by the sweep's budget, instead of as
   * one activity. A {@code teacher} always; an {@code eval} unless it serves its model ({@code
   * serve}, one activity on the GPU task queue).
   */
  public static boolean isSharded(String kindName, JsonNode params) {
    return "teacher".equals(kindName) || ("eval".equals(kindName) && !params.hasNonNull("serve"));
  }

  /** The params of a kind that name files its stages read; empty when it reads none. */
  public static List<String> fileParams(String kindName) {
    return FILE_PARAMS.getOrDefault(kindName, List.of());
  }

  /** Whether a stage's work runs through a fine-tuning API, polled by its workflow. */
  public static boolean isFineTune(String kindName, JsonNode params) {
    return "train".equals(kindName) && "openai-finetune".equals(params.path("trainer").asText());
  }

  /**
   * Whether a stage's activity needs the training machine: a {@code train} stage's command, or an
   * {@code eval} stage that serves its model there.
   */
  public static boolean runsOnGpu(String kindName, JsonNode params) {
    return ("train".equals(kindName) && "command".equals(params.path("trainer").asText()))
        || ("eval".equals(kindName) && params.hasNonNull("serve"));
  }

  /** The value checks of a kind beyond parameter types; empty for unknown kinds. */
  public static List<ParamRule> rules(String kindName) {
    return RULES.getOrDefault(kindName, List.of());
  }

  /** A similarity threshold in (0, 100], as {@code fuzz.ratio} scores. */
  private static ParamRule percent(String param) {
    return new ParamRule(
        param,
        "in (0, 100]",
        v ->
            v.decimalValue().signum() > 0
                && v.decimalValue().compareTo(BigDecimal.valueOf(100)) <= 0);
  }
}
