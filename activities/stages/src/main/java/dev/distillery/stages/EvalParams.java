package dev.distillery.stages;

import dev.distillery.recipe.EndpointTuningParams;
import dev.distillery.recipe.Param;
import dev.distillery.recipe.ParamGroup;
import java.util.Map;

/**
 * The params of an {@code eval} stage, as recipes write them (snake case); the endpoint tuning
 * params come last, from {@link EndpointTuningParams}.
 */
public record EvalParams(
    @Param(
            doc =
                "OpenAI-compatible endpoint of the model to score; not with"
                    + " a train stage as input (its model is scored)",
            endpointUrl = true)
        String baseUrl,
    @Param(doc = "model name sent to the endpoint; not with a train stage as input") String model,
    @Param(
            doc =
                "a command that serves the input train stage's model on a"
                    + " distillery-gpu worker while it is scored, e.g. vllm serve"
                    + " {model} --port {port}")
        String serve,
    @Param(doc = "name of the env var holding the API key") String apiKeyEnv,
    @Param(
            doc =
                "benchmark name -> its data file (JSONL, CSV or Parquet;"
                    + " local, s3://, http(s):// or hf://datasets/). Built in:"
                    + " AIME24, AIME25, AMC23, HMMT, MATH500, GPQA-Diamond, JEEBench,"
                    + " LiveCodeBench (their repeats, fields and prompts); other"
                    + " names need params.types",
            required = true,
            file = true)
        Map<String, String> benchmarks,
    @Param(doc = "benchmark name -> grader: math, multiple-choice or code")
        Map<String, String> types,
    @Param(doc = "benchmark name -> times each question is asked (repeat i uses seed + i)")
        Map<String, Double> repeats,
    @Param(
            doc =
                "benchmark name -> question field (a name, or a JSON Pointer"
                    + " starting with /; comma-separated for the first present)."
                    + " Default: the built-in benchmark's, else question, problem,"
                    + " Question")
        Map<String, String> questionFields,
    @Param(doc = "benchmark name -> answer field") Map<String, String> answerFields,
    @Param(doc = "benchmark name -> question id field") Map<String, String> idFields,
    @Param(
            doc =
                "benchmark name -> multiple-choice fields, the right one"
                    + " first, comma-separated; or one field holding a list of"
                    + " choices")
        Map<String, String> choiceFields,
    @Param(doc = "benchmark name -> user message; {question} (and {choices}) are filled in")
        Map<String, String> promptTemplates,
    @Param(doc = "sampling temperature", defaultValue = "0.7", min = 0) Double temperature,
    @Param(doc = "completion token limit", defaultValue = "32768", min = 1) Integer maxTokens,
    @Param(doc = "nucleus sampling; unset leaves the default", fraction = true) Double topP,
    @Param(doc = "seed base: repeat i uses seed + i", defaultValue = "0") Long seed,
    @Param(doc = "system message sent first") String systemPrompt,
    @Param(doc = "requests in flight", defaultValue = "8", tuning = true, min = 1)
        Integer concurrency,
    @Param(
            doc = "questions x repeats per shard activity (not with serve)",
            defaultValue = "200",
            tuning = true,
            min = 1)
        Integer shardSize,
    @Param(
            doc = "shards running at once (not with serve)",
            defaultValue = "4",
            tuning = true,
            min = 1)
        Integer parallelShards,
    @Param(
            doc = "serve: how long the server may take to answer its health check",
            defaultValue = "1800",
            tuning = true)
        Integer serveTimeoutSeconds,
    @ParamGroup EndpointTuningParams endpointTuning) {}
