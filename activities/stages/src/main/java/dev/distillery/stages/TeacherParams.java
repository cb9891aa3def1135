package dev.distillery.stages;

import dev.distillery.recipe.EndpointTuningParams;
import dev.distillery.recipe.Param;
import dev.distillery.recipe.ParamGroup;
import java.util.List;

/**
 * The params of a {@code teacher} stage, as recipes write them (snake case); the endpoint tuning
 * params come last, from {@link EndpointTuningParams}.
 */
public record TeacherParams(
    @Param(
            doc = "OpenAI-compatible endpoint, e.g. http://host/v1",
            required = true,
            endpointUrl = true)
        String baseUrl,
    @Param(doc = "model name sent to the endpoint", required = true) String model,
    @Param(doc = "name of the env var holding the API key") String apiKeyEnv,
    @Param(doc = "completions per question", defaultValue = "1", min = 1) Integer n,
    @Param(
            doc =
                "answer only the first this many input questions; all when"
                    + " unset. With n it fixes the total: zip n [1, 4, 16] with"
                    + " questions [31600, 7900, 1975] for 31,600 answers each",
            min = 1)
        Integer questions,
    @Param(doc = "sampling temperature", defaultValue = "1.0", min = 0) Double temperature,
    @Param(doc = "completion token limit", defaultValue = "4096", min = 1) Integer maxTokens,
    @Param(doc = "nucleus sampling; unset leaves the default", fraction = true) Double topP,
    @Param(doc = "sampling seed sent to the endpoint") Long seed,
    @Param(doc = "stop sequences") List<String> stop,
    @Param(doc = "system message sent first") String systemPrompt,
    @Param(
            doc = "user message; {question}, {domain}, {source} and {id} are filled in",
            placeholders = {"question", "domain", "source", "id"},
            requiredPlaceholder = "question")
        String promptTemplate,
    @Param(doc = "requests in flight per shard", defaultValue = "8", tuning = true, min = 1)
        Integer concurrency,
    @Param(doc = "questions per shard activity", defaultValue = "500", tuning = true, min = 1)
        Integer shardSize,
    @Param(doc = "shards running at once", defaultValue = "4", tuning = true, min = 1)
        Integer parallelShards,
    @Param(
            doc = "online, or batch (Batch API)",
            defaultValue = "online",
            tuning = true,
            oneOf = {"online", "batch"})
        String mode,
    @Param(doc = "wait between batch polls", defaultValue = "60", tuning = true, min = 1)
        Integer batchPollSeconds,
    @Param(
            doc = "batches per shard before giving up on expired requests",
            defaultValue = "4",
            tuning = true,
            min = 1)
        Integer batchMaxSubmits,
    @ParamGroup EndpointTuningParams endpointTuning) {}
