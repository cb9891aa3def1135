package dev.distillery.stages;

import dev.distillery.recipe.Param;
import dev.distillery.recipe.ParamGroup;

/**
 * How a {@code generate-questions} or {@code score-questions} stage calls its model endpoint:
 * requests in flight, retries, timeout and rate limits, all tuning params. Their params records
 * take them as a {@link ParamGroup} component; {@code teacher} and {@code eval} take {@link
 * dev.distillery.recipe.EndpointTuningParams} instead.
 */
public record RequestLimitParams(
    @Param(doc = "requests in flight", defaultValue = "8", tuning = true, min = 1)
        Integer concurrency,
    @Param(doc = "retries per request", defaultValue = "6", tuning = true, min = 0)
        Integer maxRetries,
    @Param(doc = "per-request timeout", defaultValue = "600", tuning = true, min = 1)
        Integer timeoutSeconds,
    @Param(doc = "0 for no limit", defaultValue = "0", tuning = true, min = 0)
        Integer requestsPerMinute,
    @Param(doc = "0 for no limit", defaultValue = "0", tuning = true, min = 0)
        Integer tokensPerMinute) {}
