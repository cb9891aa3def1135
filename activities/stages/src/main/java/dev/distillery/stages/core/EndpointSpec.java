package dev.distillery.stages.core;

/**
 * An LLM endpoint as a stage's params describe it.
 *
 * @param baseUrl as the recipe names it ({@code simulated://...} means the local simulator)
 * @param apiKey the key, already read from the environment, or null
 * @param apiKeyEnv the variable it came from, for error messages, or null
 * @param concurrency requests in flight at most
 * @param maxRetries retries of a failed request
 * @param timeoutSeconds the limit of one request
 * @param requestsPerMinute the endpoint's request limit, 0 for none
 * @param tokensPerMinute the endpoint's token limit, 0 for none
 */
public record EndpointSpec(
    String baseUrl,
    String apiKey,
    String apiKeyEnv,
    int concurrency,
    int maxRetries,
    int timeoutSeconds,
    long requestsPerMinute,
    long tokensPerMinute) {

  @Override
  public String toString() {
    return "EndpointSpec[" + baseUrl + ", key " + (apiKey == null ? "none" : "<redacted>") + "]";
  }
}
