package dev.distillery.stages;

import dev.distillery.recipe.Param;
import dev.distillery.recipe.ParamGroup;
import java.util.List;

/** The params of a {@code generate-questions} stage, as recipes write them (snake case). */
public record GenerateQuestionsParams(
    @Param(
            doc = "OpenAI-compatible endpoint of the writer model",
            required = true,
            endpointUrl = true)
        String baseUrl,
    @Param(doc = "model that writes the questions", required = true) String model,
    @Param(doc = "name of the env var holding the API key") String apiKeyEnv,
    @Param(doc = "topics, when there is no seed input") List<String> topics,
    @Param(
            doc = "user message; {seed} (input question), {topic} and {domain} filled in",
            placeholders = {"seed", "topic", "domain"})
        String promptTemplate,
    @Param(doc = "system message sent first") String systemPrompt,
    @Param(doc = "questions per seed or topic", defaultValue = "1", min = 1) Integer perSeed,
    @Param(doc = "sampling temperature", defaultValue = "1.0", min = 0) Double temperature,
    @Param(doc = "completion token limit", defaultValue = "1024", min = 1) Integer maxTokens,
    @Param(doc = "sampling seed sent to the endpoint") Long seed,
    @Param(doc = "domain of every row", defaultValue = "math") String domain,
    @Param(doc = "source of every row", defaultValue = "generated") String sourceName,
    @Param(doc = "shortest question kept", defaultValue = "10", min = 0) Integer minChars,
    @Param(doc = "longest question kept", defaultValue = "5000", min = 1) Integer maxChars,
    @ParamGroup RequestLimitParams requestLimits) {}
