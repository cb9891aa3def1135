package dev.distillery.stages;

import dev.distillery.recipe.Param;
import java.util.List;
import java.util.Map;

/** The params of a {@code filter-answers} stage, as recipes write them (snake case). */
public record FilterAnswersParams(
    @Param(
            doc = "none, llm-judge, majority, length, verify or classifier",
            defaultValue = "none",
            oneOf = {"none", "llm-judge", "majority", "length", "verify", "classifier"})
        String method,
    @Param(
            doc =
                "drop answers cut off at max_tokens (finish_reason length)"
                    + " into the dropped rows; false keeps them",
            defaultValue = "true")
        Boolean dropTruncated,
    @Param(doc = "length: samples kept per question", min = 1) Integer k,
    @Param(
            doc = "classifier: files of answers to keep like (a response or text field)",
            file = true)
        List<String> positives,
    @Param(
            doc = "classifier: files of answers to drop like (a response or text field)",
            file = true)
        List<String> negatives,
    @Param(
            doc = "classifier: keep answers whose probability is at least this",
            defaultValue = "0.5",
            fraction = true)
        Double minScore,
    @Param(
            doc =
                "sha256 of each local file named in positives and negatives;"
                    + " distill fills it in when it plans, so that a changed file"
                    + " gets a new content address")
        Map<String, String> filesSha256,
    @Param(
            doc = "length: keep the longest or the shortest samples",
            defaultValue = "longest",
            oneOf = {"longest", "shortest"})
        String order,
    @Param(doc = "llm-judge: OpenAI-compatible endpoint", endpointUrl = true) String baseUrl,
    @Param(doc = "llm-judge: judge model name") String model,
    @Param(doc = "llm-judge: env var holding the API key") String apiKeyEnv,
    @Param(doc = "llm-judge: completion token limit of a judgment", defaultValue = "1024", min = 1)
        Integer maxTokens,
    @Param(
            doc = "llm-judge: show the judge the row's reference answer when it has one",
            defaultValue = "true")
        Boolean useReference,
    @Param(
            doc = "llm-judge: keep a row whose judgment is not {\"correct\": true|false}",
            defaultValue = "false")
        Boolean keepUnparsed,
    @Param(doc = "llm-judge: requests in flight", defaultValue = "8", tuning = true, min = 1)
        Integer concurrency,
    @Param(doc = "llm-judge: retries per request", defaultValue = "6", tuning = true, min = 0)
        Integer maxRetries,
    @Param(doc = "llm-judge: request timeout", defaultValue = "600", tuning = true, min = 1)
        Integer timeoutSeconds,
    @Param(
            doc = "llm-judge: the endpoint's request limit; 0 for none",
            defaultValue = "0",
            tuning = true,
            min = 0)
        Integer requestsPerMinute,
    @Param(
            doc = "llm-judge: the endpoint's token limit; 0 for none",
            defaultValue = "0",
            tuning = true,
            min = 0)
        Integer tokensPerMinute) {}
