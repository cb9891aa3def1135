package dev.distillery.stages;

import dev.distillery.recipe.Param;
import java.util.List;

/** The params of a {@code generate-questions} stage, as recipes write them (snake case). */
public record GenerateQuestionsParams(
    @Param(doc = "OpenAI-compatible endpoint of the writer model", required = true) String baseUrl,
    @Param(doc = "model that writes the questions", required = true) String model,
    @Param(doc = "name of the env var holding the API key") String apiKeyEnv,
    @Param(doc = "topics, when there is no seed input") List<String> topics,
    @Param(doc = "user message; {seed} (input question), {topic} and {domain} filled in")
        String promptTemplate,
    @Param(doc = "system message sent first") String systemPrompt,
    @Param(doc = "questions per seed or topic", defaultValue = "1") Integer perSeed,
    @Param(doc = "sampling temperature", defaultValue = "1.0") Double temperature,
    @Param(doc = "completion token limit", defaultValue = "1024") Integer maxTokens,
    @Param(doc = "sampling seed sent to the endpoint") Long seed,
    @Param(doc = "domain of every row", defaultValue = "math") String domain,
    @Param(doc = "source of every row", defaultValue = "generated") String sourceName,
    @Param(doc = "shortest question kept", defaultValue = "10") Integer minChars,
    @Param(doc = "longest question kept", defaultValue = "5000") Integer maxChars,
    @Param(doc = "requests in flight", defaultValue = "8", tuning = true) Integer concurrency,
    @Param(doc = "retries per request", defaultValue = "6", tuning = true) Integer maxRetries,
    @Param(doc = "per-request timeout", defaultValue = "600", tuning = true) Integer timeoutSeconds,
    @Param(doc = "0 for no limit", defaultValue = "0", tuning = true) Integer requestsPerMinute,
    @Param(doc = "0 for no limit", defaultValue = "0", tuning = true) Integer tokensPerMinute) {}
