package dev.distillery.llm.simulated;

import java.lang.reflect.RecordComponent;
import java.time.Duration;
import java.util.Objects;
import java.util.StringJoiner;

/**
 * How a {@link SimulatedLlmServer} behaves, built with {@link #builder()} (or {@link #toBuilder()}
 * to derive a variant); each component is documented, with its default and how it interacts with
 * the others, on the {@link SimulatedLlmConfigBuilder} method of the same name. Faults are drawn
 * once per chat request, in this order: 500 ({@code failureRate}), 429 ({@code rateLimitRate}),
 * stall ({@code stallRate}), malformed body ({@code malformedRate}), connection reset ({@code
 * resetRate}), empty content ({@code emptyContentRate}). Batch requests see none of these faults,
 * only {@code batchExpireRate}.
 *
 * <p>The two kinds of 429 differ as they do behind a real gateway. An injected one ({@code
 * rateLimitRate}) is a transient refusal: it comes at once, without the simulated latency (a
 * limiter rejects before any model runs), with {@code Retry-After: 1} and {@code
 * x-ratelimit-{limit,remaining,reset}-{requests,tokens}} headers saying the limit is far from
 * exhausted ({@value #INJECTED_LIMIT_REQUESTS} requests and {@value #INJECTED_LIMIT_TOKENS} tokens,
 * at least 90% remaining, reset in {@code 1s}), so a client should simply retry. The real limit
 * ({@code requestsPerMinute}) is a token bucket: past it, a 429 with {@code Retry-After: 1}, {@code
 * x-ratelimit-remaining-requests: 0} and {@code x-ratelimit-reset-requests} the time until a
 * request is available again, so a client should slow down.
 */
public record SimulatedLlmConfig(
    String model,
    double accuracy,
    Duration latency,
    Duration latencyP99,
    double tokensPerSecond,
    double failureRate,
    double rateLimitRate,
    int requestsPerMinute,
    double stallRate,
    Duration stallFor,
    double malformedRate,
    double resetRate,
    double emptyContentRate,
    boolean supportsN,
    boolean thinkTags,
    String reasoningField,
    String requireApiKey,
    int port,
    long faultSeed,
    Duration batchDuration,
    double batchExpireRate,
    int batchesThatExpire,
    Duration fineTuneDuration) {

  public static final String DEFAULT_MODEL = "simulated-teacher";

  /** The reasoning field vLLM's reasoning parsers wrote before 0.11, and DeepSeek's API writes. */
  public static final String REASONING_CONTENT = "reasoning_content";

  /** The reasoning field vLLM's reasoning parsers write from 0.11 on. */
  public static final String REASONING = "reasoning";

  /** The request limit an injected 429 reports in {@code x-ratelimit-limit-requests}. */
  public static final int INJECTED_LIMIT_REQUESTS = 10_000;

  /** The token limit an injected 429 reports in {@code x-ratelimit-limit-tokens}. */
  public static final int INJECTED_LIMIT_TOKENS = 2_000_000;

  /** One second. */
  public static final Duration DEFAULT_BATCH_DURATION = Duration.ofSeconds(1);

  /** Two seconds: long enough for a demo to show a job running, short enough to wait for. */
  public static final Duration DEFAULT_FINE_TUNE_DURATION = Duration.ofSeconds(2);

  public SimulatedLlmConfig {
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(latency, "latency");
    Objects.requireNonNull(latencyP99, "latencyP99");
    Objects.requireNonNull(stallFor, "stallFor");
    Objects.requireNonNull(batchDuration, "batchDuration");
    Objects.requireNonNull(fineTuneDuration, "fineTuneDuration");
    if (!REASONING_CONTENT.equals(reasoningField) && !REASONING.equals(reasoningField)) {
      throw new IllegalArgumentException(
          "reasoningField must be "
              + REASONING_CONTENT
              + " or "
              + REASONING
              + ", was "
              + reasoningField);
    }
    checkProbability("accuracy", accuracy);
    checkProbability("failureRate", failureRate);
    checkProbability("rateLimitRate", rateLimitRate);
    checkProbability("stallRate", stallRate);
    checkProbability("malformedRate", malformedRate);
    checkProbability("resetRate", resetRate);
    checkProbability("emptyContentRate", emptyContentRate);
    checkProbability(
        "the sum of the fault rates",
        failureRate + rateLimitRate + stallRate + malformedRate + resetRate + emptyContentRate);
    checkProbability("batchExpireRate", batchExpireRate);
    if (latency.isNegative()
        || latencyP99.isNegative()
        || stallFor.isNegative()
        || batchDuration.isNegative()
        || fineTuneDuration.isNegative()) {
      throw new IllegalArgumentException(
          "latency, latencyP99, stallFor, batchDuration and fineTuneDuration must not be negative");
    }
    if (!latencyP99.isZero() && latencyP99.compareTo(latency) < 0) {
      throw new IllegalArgumentException(
          "latencyP99 (" + latencyP99 + ") must be at least the median latency (" + latency + ")");
    }
    if (!(tokensPerSecond >= 0) || Double.isInfinite(tokensPerSecond)) {
      throw new IllegalArgumentException(
          "tokensPerSecond must be finite and >= 0, was " + tokensPerSecond);
    }
    if (batchesThatExpire < 0) {
      throw new IllegalArgumentException(
          "batchesThatExpire must be >= 0, was " + batchesThatExpire);
    }
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port must be in 0..65535, was " + port);
    }
  }

  /** An always-available, instant teacher that is right 80% of the time. */
  public static SimulatedLlmConfig defaults() {
    return builder().build();
  }

  /** A builder holding the {@link #defaults()}. */
  public static SimulatedLlmConfigBuilder builder() {
    return new SimulatedLlmConfigBuilder();
  }

  /** A builder holding this config's values, to derive a variant of it. */
  public SimulatedLlmConfigBuilder toBuilder() {
    return new SimulatedLlmConfigBuilder(this);
  }

  /** Every component as a record prints it, except the API key: {@code <none>} or redacted. */
  @Override
  public String toString() {
    StringJoiner fields = new StringJoiner(", ", "SimulatedLlmConfig[", "]");
    for (RecordComponent component : SimulatedLlmConfig.class.getRecordComponents()) {
      Object value;
      if (component.getName().equals("requireApiKey")) {
        value = requireApiKey == null ? "<none>" : "<redacted>";
      } else {
        try {
          value = component.getAccessor().invoke(this);
        } catch (ReflectiveOperationException e) {
          throw new IllegalStateException(e);
        }
      }
      fields.add(component.getName() + "=" + value);
    }
    return fields.toString();
  }

  private static void checkProbability(String name, double value) {
    if (!(value >= 0 && value <= 1)) {
      throw new IllegalArgumentException(name + " must be in [0, 1], was " + value);
    }
  }
}
