package dev.distillery.llm.simulated;

import java.time.Duration;
import java.util.Objects;

/**
 * How a {@link SimulatedLlmServer} behaves. Faults are drawn once per request, in this order: 500
 * ({@code failureRate}), 429 ({@code rateLimitRate}), stall ({@code stallRate}), malformed body
 * ({@code malformedRate}).
 *
 * @param model the only model served; requests for another get 404. Default {@value #DEFAULT_MODEL}
 * @param accuracy the probability that an arithmetic answer is correct, in [0, 1]. Default 0.8
 * @param latency the mean time to answer; each request sleeps uniformly in [0.5x, 1.5x]. Default 0
 * @param failureRate the probability that a request gets HTTP 500, in [0, 1]. Default 0
 * @param rateLimitRate the probability that a request gets HTTP 429 with {@code Retry-After: 1}, in
 *     [0, 1]. Default 0
 * @param requestsPerMinute a real request limit: beyond it requests get 429 with {@code
 *     Retry-After}; every response carries {@code x-ratelimit-*-requests} headers. 0 for none.
 *     Default 0
 * @param stallRate the probability that a request stalls for {@code stallFor} before it is
 *     answered, so that a client with a shorter timeout gives up, in [0, 1]. Default 0
 * @param stallFor how long a stalled request waits. Default 30 s
 * @param malformedRate the probability that a request gets HTTP 200 with a truncated, invalid JSON
 *     body, in [0, 1]. Default 0
 * @param supportsN whether {@code n} is honoured; when false every response has one choice, as some
 *     OpenAI-compatible servers do. Default true
 * @param thinkTags put the reasoning inline in {@code content} as {@code <think>...</think>}
 *     instead of in {@code reasoning_content}. Default false
 * @param requireApiKey when not null, requests without {@code Authorization: Bearer
 *     <requireApiKey>} get 401. Default null
 * @param port the port to bind on 127.0.0.1, 0 for an ephemeral one. Default 0
 * @param faultSeed seeds the randomness of latency and fault injection. Default 0
 */
public record SimulatedLlmConfig(
    String model,
    double accuracy,
    Duration latency,
    double failureRate,
    double rateLimitRate,
    int requestsPerMinute,
    double stallRate,
    Duration stallFor,
    double malformedRate,
    boolean supportsN,
    boolean thinkTags,
    String requireApiKey,
    int port,
    long faultSeed) {

  public static final String DEFAULT_MODEL = "simulated-teacher";

  public SimulatedLlmConfig {
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(latency, "latency");
    Objects.requireNonNull(stallFor, "stallFor");
    checkProbability("accuracy", accuracy);
    checkProbability("failureRate", failureRate);
    checkProbability("rateLimitRate", rateLimitRate);
    checkProbability("stallRate", stallRate);
    checkProbability("malformedRate", malformedRate);
    checkProbability(
        "the sum of the fault rates", failureRate + rateLimitRate + stallRate + malformedRate);
    if (latency.isNegative() || stallFor.isNegative()) {
      throw new IllegalArgumentException("latency and stallFor must not be negative");
    }
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port must be in 0..65535, was " + port);
    }
  }

  /** An always-available, instant teacher that is right 80% of the time. */
  public static SimulatedLlmConfig defaults() {
    return new SimulatedLlmConfig(
        DEFAULT_MODEL,
        0.8,
        Duration.ZERO,
        0,
        0,
        0,
        0,
        Duration.ofSeconds(30),
        0,
        true,
        false,
        null,
        0,
        0);
  }

  public SimulatedLlmConfig withModel(String value) {
    return new SimulatedLlmConfig(
        value,
        accuracy,
        latency,
        failureRate,
        rateLimitRate,
        requestsPerMinute,
        stallRate,
        stallFor,
        malformedRate,
        supportsN,
        thinkTags,
        requireApiKey,
        port,
        faultSeed);
  }

  public SimulatedLlmConfig withAccuracy(double value) {
    return new SimulatedLlmConfig(
        model,
        value,
        latency,
        failureRate,
        rateLimitRate,
        requestsPerMinute,
        stallRate,
        stallFor,
        malformedRate,
        supportsN,
        thinkTags,
        requireApiKey,
        port,
        faultSeed);
  }

  public SimulatedLlmConfig withLatency(Duration value) {
    return new SimulatedLlmConfig(
        model,
        accuracy,
        value,
        failureRate,
        rateLimitRate,
        requestsPerMinute,
        stallRate,
        stallFor,
        malformedRate,
        supportsN,
        thinkTags,
        requireApiKey,
        port,
        faultSeed);
  }

  public SimulatedLlmConfig withFailureRate(double value) {
    return new SimulatedLlmConfig(
        model,
        accuracy,
        latency,
        value,
        rateLimitRate,
        requestsPerMinute,
        stallRate,
        stallFor,
        malformedRate,
        supportsN,
        thinkTags,
        requireApiKey,
        port,
        faultSeed);
  }

  public SimulatedLlmConfig withRateLimitRate(double value) {
    return new SimulatedLlmConfig(
        model,
        accuracy,
        latency,
        failureRate,
        value,
        requestsPerMinute,
        stallRate,
        stallFor,
        malformedRate,
        supportsN,
        thinkTags,
        requireApiKey,
        port,
        faultSeed);
  }

  public SimulatedLlmConfig withRequestsPerMinute(int value) {
    return new SimulatedLlmConfig(
        model,
        accuracy,
        latency,
        failureRate,
        rateLimitRate,
        value,
        stallRate,
        stallFor,
        malformedRate,
        supportsN,
        thinkTags,
        requireApiKey,
        port,
        faultSeed);
  }

  public SimulatedLlmConfig withStallRate(double value) {
    return new SimulatedLlmConfig(
        model,
        accuracy,
        latency,
        failureRate,
        rateLimitRate,
        requestsPerMinute,
        value,
        stallFor,
        malformedRate,
        supportsN,
        thinkTags,
        requireApiKey,
        port,
        faultSeed);
  }

  public SimulatedLlmConfig withStallFor(Duration value) {
    return new SimulatedLlmConfig(
        model,
        accuracy,
        latency,
        failureRate,
        rateLimitRate,
        requestsPerMinute,
        stallRate,
        value,
        malformedRate,
        supportsN,
        thinkTags,
        requireApiKey,
        port,
        faultSeed);
  }

  public SimulatedLlmConfig withMalformedRate(double value) {
    return new SimulatedLlmConfig(
        model,
        accuracy,
        latency,
        failureRate,
        rateLimitRate,
        requestsPerMinute,
        stallRate,
        stallFor,
        value,
        supportsN,
        thinkTags,
        requireApiKey,
        port,
        faultSeed);
  }

  public SimulatedLlmConfig withSupportsN(boolean value) {
    return new SimulatedLlmConfig(
        model,
        accuracy,
        latency,
        failureRate,
        rateLimitRate,
        requestsPerMinute,
        stallRate,
        stallFor,
        malformedRate,
        value,
        thinkTags,
        requireApiKey,
        port,
        faultSeed);
  }

  public SimulatedLlmConfig withThinkTags(boolean value) {
    return new SimulatedLlmConfig(
        model,
        accuracy,
        latency,
        failureRate,
        rateLimitRate,
        requestsPerMinute,
        stallRate,
        stallFor,
        malformedRate,
        supportsN,
        value,
        requireApiKey,
        port,
        faultSeed);
  }

  public SimulatedLlmConfig withRequireApiKey(String value) {
    return new SimulatedLlmConfig(
        model,
        accuracy,
        latency,
        failureRate,
        rateLimitRate,
        requestsPerMinute,
        stallRate,
        stallFor,
        malformedRate,
        supportsN,
        thinkTags,
        value,
        port,
        faultSeed);
  }

  public SimulatedLlmConfig withPort(int value) {
    return new SimulatedLlmConfig(
        model,
        accuracy,
        latency,
        failureRate,
        rateLimitRate,
        requestsPerMinute,
        stallRate,
        stallFor,
        malformedRate,
        supportsN,
        thinkTags,
        requireApiKey,
        value,
        faultSeed);
  }

  public SimulatedLlmConfig withFaultSeed(long value) {
    return new SimulatedLlmConfig(
        model,
        accuracy,
        latency,
        failureRate,
        rateLimitRate,
        requestsPerMinute,
        stallRate,
        stallFor,
        malformedRate,
        supportsN,
        thinkTags,
        requireApiKey,
        port,
        value);
  }

  @Override
  public String toString() {
    return "SimulatedLlmConfig["
        + "model="
        + model
        + ", "
        + "accuracy="
        + accuracy
        + ", "
        + "latency="
        + latency
        + ", "
        + "failureRate="
        + failureRate
        + ", "
        + "rateLimitRate="
        + rateLimitRate
        + ", "
        + "requestsPerMinute="
        + requestsPerMinute
        + ", "
        + "stallRate="
        + stallRate
        + ", "
        + "stallFor="
        + stallFor
        + ", "
        + "malformedRate="
        + malformedRate
        + ", "
        + "supportsN="
        + supportsN
        + ", "
        + "thinkTags="
        + thinkTags
        + ", "
        + "requireApiKey="
        + (requireApiKey == null ? "<none>" : "<redacted>")
        + ", "
        + "port="
        + port
        + ", "
        + "faultSeed="
        + faultSeed
        + "]";
  }

  private static void checkProbability(String name, double value) {
    if (!(value >= 0 && value <= 1)) {
      throw new IllegalArgumentException(name + " must be in [0, 1], was " + value);
    }
  }
}
