package dev.distillery.llm;

import dev.distillery.http.RetryPolicy;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * How to reach one OpenAI-compatible endpoint and how hard to try.
 *
 * <p>{@link #toString()} never shows the API key.
 *
 * @param baseUrl the API root, e.g. {@code http://127.0.0.1:8000/v1}; requests go to {@code baseUrl
 *     + "/chat/completions"}
 * @param apiKey sent as {@code Authorization: Bearer <apiKey>}; null or blank sends no header
 * @param apiKeyEnv the environment variable the key came from, named in error messages; may be null
 * @param concurrency the most HTTP requests in flight at once through one client, 1 or more
 * @param maxRetries retries after the first attempt, 0 or more
 * @param requestTimeout the limit for one HTTP exchange
 * @param backoffBase the first retry waits up to this long (full jitter), doubling per retry; null
 *     means {@link #DEFAULT_BACKOFF_BASE}
 */
public record EndpointConfig(
    URI baseUrl,
    String apiKey,
    String apiKeyEnv,
    int concurrency,
    int maxRetries,
    Duration requestTimeout,
    Duration backoffBase) {

  /** 500 ms. */
  public static final Duration DEFAULT_BACKOFF_BASE = RetryPolicy.DEFAULT_BASE_DELAY;

  /** 8 requests in flight. */
  public static final int DEFAULT_CONCURRENCY = 8;

  /** 5 retries. */
  public static final int DEFAULT_MAX_RETRIES = RetryPolicy.DEFAULT_MAX_ATTEMPTS - 1;

  /** 10 minutes: long reasoning traces are slow. */
  public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofMinutes(10);

  public EndpointConfig {
    Objects.requireNonNull(baseUrl, "baseUrl");
    String scheme = baseUrl.getScheme();
    if (!"http".equalsIgnoreCase(scheme) && !"https".equalsIgnoreCase(scheme)) {
      throw new IllegalArgumentException("baseUrl must be http or https, was " + baseUrl);
    }
    if (concurrency < 1) {
      throw new IllegalArgumentException("concurrency must be >= 1, was " + concurrency);
    }
    if (maxRetries < 0) {
      throw new IllegalArgumentException("maxRetries must be >= 0, was " + maxRetries);
    }
    Objects.requireNonNull(requestTimeout, "requestTimeout");
    if (requestTimeout.isNegative() || requestTimeout.isZero()) {
      throw new IllegalArgumentException("requestTimeout must be positive, was " + requestTimeout);
    }
    backoffBase = backoffBase == null ? DEFAULT_BACKOFF_BASE : backoffBase;
    if (backoffBase.isNegative()) {
      throw new IllegalArgumentException("backoffBase must not be negative, was " + backoffBase);
    }
  }

  /** The given endpoint with no API key and the default limits. */
  public static EndpointConfig of(URI baseUrl) {
    return new EndpointConfig(
        baseUrl,
        null,
        null,
        DEFAULT_CONCURRENCY,
        DEFAULT_MAX_RETRIES,
        DEFAULT_REQUEST_TIMEOUT,
        DEFAULT_BACKOFF_BASE);
  }

  /** The given endpoint with no API key and the default limits. */
  public static EndpointConfig of(String baseUrl) {
    return of(URI.create(baseUrl));
  }

  /** The URL chat completions are posted to. */
  public URI chatCompletionsUrl() {
    String base = baseUrl.toString();
    while (base.endsWith("/")) {
      base = base.substring(0, base.length() - 1);
    }
    return URI.create(base + "/chat/completions");
  }

  public EndpointConfig withApiKey(String key) {
    return new EndpointConfig(
        baseUrl, key, null, concurrency, maxRetries, requestTimeout, backoffBase);
  }

  /** Reads the key from environment variable {@code name}; error messages will name it. */
  public EndpointConfig withApiKeyFromEnv(String name) {
    return new EndpointConfig(
        baseUrl, System.getenv(name), name, concurrency, maxRetries, requestTimeout, backoffBase);
  }

  public EndpointConfig withConcurrency(int value) {
    return new EndpointConfig(
        baseUrl, apiKey, apiKeyEnv, value, maxRetries, requestTimeout, backoffBase);
  }

  public EndpointConfig withMaxRetries(int value) {
    return new EndpointConfig(
        baseUrl, apiKey, apiKeyEnv, concurrency, value, requestTimeout, backoffBase);
  }

  public EndpointConfig withRequestTimeout(Duration value) {
    return new EndpointConfig(
        baseUrl, apiKey, apiKeyEnv, concurrency, maxRetries, value, backoffBase);
  }

  public EndpointConfig withBackoffBase(Duration value) {
    return new EndpointConfig(
        baseUrl, apiKey, apiKeyEnv, concurrency, maxRetries, requestTimeout, value);
  }

  /**
   * How clients of this endpoint retry: {@code maxRetries + 1} attempts from {@code backoffBase}.
   */
  public RetryPolicy retryPolicy() {
    return RetryPolicy.of(maxRetries, backoffBase);
  }

  /** True when requests carry an {@code Authorization} header. */
  public boolean hasApiKey() {
    return apiKey != null && !apiKey.isBlank();
  }

  @Override
  public String toString() {
    return "EndpointConfig[baseUrl="
        + baseUrl
        + ", apiKey="
        + (hasApiKey() ? "<redacted>" : "<none>")
        + ", apiKeyEnv="
        + apiKeyEnv
        + ", concurrency="
        + concurrency
        + ", maxRetries="
        + maxRetries
        + ", requestTimeout="
        + requestTimeout
        + ", backoffBase="
        + backoffBase
        + "]";
  }

  /** {@code text} with the API key replaced, should an endpoint or exception echo it. */
  public String redact(String text) {
    if (text == null || !hasApiKey()) {
      return text;
    }
    return text.replace(apiKey(), "<redacted>");
  }

  /** A response body for an error message: whitespace folded, key redacted, at most 300 chars. */
  String excerpt(String body) {
    if (body == null || body.isBlank()) {
      return "<empty>";
    }
    String flat = redact(body.strip().replaceAll("\\s+", " "));
    return flat.length() <= 300 ? flat : flat.substring(0, 300) + "...";
  }
}
