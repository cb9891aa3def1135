package dev.distillery.stages;

import dev.distillery.recipe.Param;
import java.util.List;
import java.util.Map;

/** The params of a {@code score-questions} stage, as recipes write them (snake case). */
public record ScoreQuestionsParams(
    @Param(
            doc = "random, llm-difficulty, response-length, askllm, embedding or classifier",
            required = true)
        String method,
    @Param(doc = "keep the N best-scoring questions") Integer keepTop,
    @Param(doc = "keep this fraction, in (0, 1], best first") Double keep,
    @Param(doc = "keep questions scoring at least this") Double minScore,
    @Param(doc = "ties, random scores, training", defaultValue = "0") Long seed,
    @Param(doc = "endpoint of the LLM methods") String baseUrl,
    @Param(doc = "model of the LLM methods") String model,
    @Param(doc = "name of the env var holding the API key") String apiKeyEnv,
    @Param(doc = "sampling temperature; 0 for ratings") Double temperature,
    @Param(doc = "completion token limit") Integer maxTokens,
    @Param(doc = "llm-difficulty: replaces the default rubric") String rubric,
    @Param(doc = "response-length: user message, {question}") String promptTemplate,
    @Param(doc = "askllm: example questions to match") List<String> examples,
    @Param(doc = "embedding, classifier: JSONL to keep like") List<String> positives,
    @Param(doc = "embedding, classifier: JSONL to drop like") List<String> negatives,
    @Param(
            doc =
                "sha256 of each local file named in positives and negatives;"
                    + " distill fills it in when it plans, so that a changed file"
                    + " gets a new content address")
        Map<String, String> filesSha256,
    @Param(doc = "requests in flight", defaultValue = "8", tuning = true) Integer concurrency,
    @Param(doc = "retries per request", defaultValue = "6", tuning = true) Integer maxRetries,
    @Param(doc = "per-request timeout", defaultValue = "600", tuning = true) Integer timeoutSeconds,
    @Param(doc = "0 for no limit", defaultValue = "0", tuning = true) Integer requestsPerMinute,
    @Param(doc = "0 for no limit", defaultValue = "0", tuning = true) Integer tokensPerMinute) {}
