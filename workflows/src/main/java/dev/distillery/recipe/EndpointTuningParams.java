package dev.distillery.recipe;

/**
 * The tuning params of a kind whose stages call a model endpoint through the worker's client:
 * prices for the cost counter, retries, timeout and rate limits. A kind's params record takes them
 * as a {@link ParamGroup} component.
 */
public record EndpointTuningParams(
    @Param(
            doc = "USD per million prompt tokens, for the cost counter",
            defaultValue = "0",
            tuning = true,
            min = 0)
        Double priceInputPerMillion,
    @Param(
            doc = "USD per million completion tokens, for the cost counter",
            defaultValue = "0",
            tuning = true,
            min = 0)
        Double priceOutputPerMillion,
    @Param(doc = "retries per request", defaultValue = "6", tuning = true, min = 0)
        Integer maxRetries,
    @Param(doc = "per-request timeout", defaultValue = "600", tuning = true, min = 1)
        Integer timeoutSeconds,
    @Param(
            doc = "the endpoint's request limit per worker; 0 for none",
            defaultValue = "0",
            tuning = true,
            min = 0)
        Integer requestsPerMinute,
    @Param(
            doc = "the endpoint's token limit per worker; 0 for none",
            defaultValue = "0",
            tuning = true,
            min = 0)
        Integer tokensPerMinute) {}
