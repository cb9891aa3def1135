package dev.distillery.llm.simulated;

import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * How a {@link SimulatedLlmServer} behaves. Faults are drawn once per chat request, in this order:
 * 500 ({@code failureRate}), 429 ({@code rateLimitRate}), stall ({@code stallRate}), malformed body
 * ({@code malformedRate}), connection reset ({@code resetRate}), empty content ({@code
 * emptyContentRate}). Batch requests see none of these faults, only {@code batchExpireRate}.
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
 *
 * <p>It is long because each setting carries its documented default, its validation and a {@code
 * with} method; a builder is to replace those methods.
 *
 * @param model the teacher model served (besides the judges {@code simulated-rater} and {@code
 *     simulated-askllm}); requests for another get 404. Default {@value #DEFAULT_MODEL}
 * @param accuracy the probability that an arithmetic answer is correct, in [0, 1]. Default 0.8
 * @param latency the typical time to first token: each request sleeps uniformly in [0.5x, 1.5x], or
 *     log-normally with this median when {@code latencyP99} is set. Default 0
 * @param latencyP99 when positive, the 99th percentile of a log-normal time to first token whose
 *     median is {@code latency}; must then be at least {@code latency}. Default 0 (uniform)
 * @param tokensPerSecond when positive, a 200 also waits {@code completion_tokens /
 *     tokensPerSecond} after the time to first token, as streaming generation would. Default 0
 *     (off)
 * @param failureRate the probability that a request gets HTTP 500, in [0, 1]. Default 0
 * @param rateLimitRate the probability that a request gets an immediate, transient HTTP 429 with
 *     {@code Retry-After: 1} and headers saying the limit is not exhausted, in [0, 1]. Default 0
 * @param requestsPerMinute a real request limit: beyond it requests get 429 with {@code
 *     Retry-After}, {@code x-ratelimit-remaining-requests: 0} and the reset; every response it lets
 *     through carries {@code x-ratelimit-*-requests} headers too. 0 for none. Default 0
 * @param stallRate the probability that a request stalls for {@code stallFor} before it is
 *     answered, so that a client with a shorter timeout gives up, in [0, 1]. Default 0
 * @param stallFor how long a stalled request waits. Default 30 s
 * @param malformedRate the probability that a request gets HTTP 200 with a truncated, invalid JSON
 *     body, in [0, 1]. Default 0
 * @param resetRate the probability that the server closes the connection without any response (the
 *     client sees an I/O error), in [0, 1]. Default 0
 * @param emptyContentRate the probability that a request gets HTTP 200 whose choices have empty
 *     content, no reasoning and {@code finish_reason: stop}, in [0, 1]. Default 0
 * @param supportsN whether {@code n} is honoured; when false every response has one choice, as some
 *     OpenAI-compatible servers do. Default true
 * @param thinkTags put the reasoning inline in {@code content} as {@code <think>...</think>}
 *     instead of in {@code reasoningField}, as a server without a reasoning parser does; when
 *     {@code max_tokens} ends inside the reasoning, the {@code </think>} never comes. Default false
 * @param reasoningField the message field holding the reasoning (unless {@code thinkTags}): {@value
 *     #REASONING_CONTENT}, as vLLM's reasoning parsers wrote before 0.11, or {@value #REASONING},
 *     as they write from 0.11 on. When {@code max_tokens} ends inside the reasoning, it holds the
 *     cut reasoning and {@code content} is {@code null}, with {@code finish_reason: length}.
 *     Default {@value #REASONING_CONTENT}
 * @param requireApiKey when not null, requests without {@code Authorization: Bearer
 *     <requireApiKey>} get 401, on every route. Default null
 * @param port the port to bind on 127.0.0.1, 0 for an ephemeral one. Default 0
 * @param faultSeed seeds the randomness of latency and fault injection, and which batch requests
 *     expire. Default 0
 * @param batchDuration the wall time from creating a batch to its end; it is validating for the
 *     first tenth of it, then in progress. Default {@link #DEFAULT_BATCH_DURATION}
 * @param batchExpireRate the share of requests left unprocessed, so that the batch ends {@code
 *     expired}, in each of the first {@code batchesThatExpire} batches, in [0, 1]. A request is
 *     picked by a hash of {@code faultSeed} and its {@code custom_id}. Default 0
 * @param batchesThatExpire how many batches, counted from the first created, {@code
 *     batchExpireRate} applies to; later batches complete. Default 1, so a resubmission of the
 *     expired requests completes
 * @param fineTuneDuration the wall time from creating a fine-tuning job to its success: it is
 *     {@code validating_files} for the first tenth, {@code queued} for the second, then {@code
 *     running}. 0 finishes jobs at once (tests). Default {@link #DEFAULT_FINE_TUNE_DURATION}
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
    return new Builder().build();
  }

  /** A log-normal time to first token with the given median and 99th percentile. */
  public SimulatedLlmConfig withLogNormalLatency(Duration median, Duration p99) {
    return withLatencyP99(Duration.ZERO).withLatency(median).withLatencyP99(p99);
  }

  public SimulatedLlmConfig withModel(String value) {
    return with(b -> b.model = value);
  }

  public SimulatedLlmConfig withAccuracy(double value) {
    return with(b -> b.accuracy = value);
  }

  public SimulatedLlmConfig withLatency(Duration value) {
    return with(b -> b.latency = value);
  }

  public SimulatedLlmConfig withLatencyP99(Duration value) {
    return with(b -> b.latencyP99 = value);
  }

  public SimulatedLlmConfig withTokensPerSecond(double value) {
    return with(b -> b.tokensPerSecond = value);
  }

  public SimulatedLlmConfig withFailureRate(double value) {
    return with(b -> b.failureRate = value);
  }

  public SimulatedLlmConfig withRateLimitRate(double value) {
    return with(b -> b.rateLimitRate = value);
  }

  public SimulatedLlmConfig withRequestsPerMinute(int value) {
    return with(b -> b.requestsPerMinute = value);
  }

  public SimulatedLlmConfig withStallRate(double value) {
    return with(b -> b.stallRate = value);
  }

  public SimulatedLlmConfig withStallFor(Duration value) {
    return with(b -> b.stallFor = value);
  }

  public SimulatedLlmConfig withMalformedRate(double value) {
    return with(b -> b.malformedRate = value);
  }

  public SimulatedLlmConfig withResetRate(double value) {
    return with(b -> b.resetRate = value);
  }

  public SimulatedLlmConfig withEmptyContentRate(double value) {
    return with(b -> b.emptyContentRate = value);
  }

  public SimulatedLlmConfig withSupportsN(boolean value) {
    return with(b -> b.supportsN = value);
  }

  public SimulatedLlmConfig withThinkTags(boolean value) {
    return with(b -> b.thinkTags = value);
  }

  /** {@value #REASONING_CONTENT} or {@value #REASONING}. */
  public SimulatedLlmConfig withReasoningField(String value) {
    return with(b -> b.reasoningField = value);
  }

  public SimulatedLlmConfig withRequireApiKey(String value) {
    return with(b -> b.requireApiKey = value);
  }

  public SimulatedLlmConfig withPort(int value) {
    return with(b -> b.port = value);
  }

  public SimulatedLlmConfig withFaultSeed(long value) {
    return with(b -> b.faultSeed = value);
  }

  public SimulatedLlmConfig withBatchDuration(Duration value) {
    return with(b -> b.batchDuration = value);
  }

  public SimulatedLlmConfig withBatchExpireRate(double value) {
    return with(b -> b.batchExpireRate = value);
  }

  public SimulatedLlmConfig withBatchesThatExpire(int value) {
    return with(b -> b.batchesThatExpire = value);
  }

  public SimulatedLlmConfig withFineTuneDuration(Duration value) {
    return with(b -> b.fineTuneDuration = value);
  }

  /** This config with one change made to a mutable copy of it, validated as a new record. */
  private SimulatedLlmConfig with(Consumer<Builder> change) {
    Builder builder = new Builder(this);
    change.accept(builder);
    return builder.build();
  }

  /**
   * A mutable copy of a config, so that a wither names only the field it changes and a new field
   * costs a line here, one in the copy and one in {@link #build()}. A fresh builder holds the
   * {@link #defaults()}: the values given here, Java's zero values (0, false, null) elsewhere.
   */
  private static final class Builder {
    String model = DEFAULT_MODEL;
    double accuracy = 0.8;
    Duration latency = Duration.ZERO;
    Duration latencyP99 = Duration.ZERO;
    double tokensPerSecond;
    double failureRate;
    double rateLimitRate;
    int requestsPerMinute;
    double stallRate;
    Duration stallFor = Duration.ofSeconds(30);
    double malformedRate;
    double resetRate;
    double emptyContentRate;
    boolean supportsN = true;
    boolean thinkTags;
    String reasoningField = REASONING_CONTENT;
    String requireApiKey;
    int port;
    long faultSeed;
    Duration batchDuration = DEFAULT_BATCH_DURATION;
    double batchExpireRate;
    int batchesThatExpire = 1;
    Duration fineTuneDuration = DEFAULT_FINE_TUNE_DURATION;

    Builder() {}

    Builder(SimulatedLlmConfig config) {
      model = config.model;
      accuracy = config.accuracy;
      latency = config.latency;
      latencyP99 = config.latencyP99;
      tokensPerSecond = config.tokensPerSecond;
      failureRate = config.failureRate;
      rateLimitRate = config.rateLimitRate;
      requestsPerMinute = config.requestsPerMinute;
      stallRate = config.stallRate;
      stallFor = config.stallFor;
      malformedRate = config.malformedRate;
      resetRate = config.resetRate;
      emptyContentRate = config.emptyContentRate;
      supportsN = config.supportsN;
      thinkTags = config.thinkTags;
      reasoningField = config.reasoningField;
      requireApiKey = config.requireApiKey;
      port = config.port;
      faultSeed = config.faultSeed;
      batchDuration = config.batchDuration;
      batchExpireRate = config.batchExpireRate;
      batchesThatExpire = config.batchesThatExpire;
      fineTuneDuration = config.fineTuneDuration;
    }

    SimulatedLlmConfig build() {
      return new SimulatedLlmConfig(
          model,
          accuracy,
          latency,
          latencyP99,
          tokensPerSecond,
          failureRate,
          rateLimitRate,
          requestsPerMinute,
          stallRate,
          stallFor,
          malformedRate,
          resetRate,
          emptyContentRate,
          supportsN,
          thinkTags,
          reasoningField,
          requireApiKey,
          port,
          faultSeed,
          batchDuration,
          batchExpireRate,
          batchesThatExpire,
          fineTuneDuration);
    }
  }

  @Override
  public String toString() {
    return "SimulatedLlmConfig["
        + "model="
        + model
        + ", accuracy="
        + accuracy
        + ", latency="
        + latency
        + ", latencyP99="
        + latencyP99
        + ", tokensPerSecond="
        + tokensPerSecond
        + ", failureRate="
        + failureRate
        + ", rateLimitRate="
        + rateLimitRate
        + ", requestsPerMinute="
        + requestsPerMinute
        + ", stallRate="
        + stallRate
        + ", stallFor="
        + stallFor
        + ", malformedRate="
        + malformedRate
        + ", resetRate="
        + resetRate
        + ", emptyContentRate="
        + emptyContentRate
        + ", supportsN="
        + supportsN
        + ", thinkTags="
        + thinkTags
        + ", reasoningField="
        + reasoningField
        + ", requireApiKey="
        + (requireApiKey == null ? "<none>" : "<redacted>")
        + ", port="
        + port
        + ", faultSeed="
        + faultSeed
        + ", batchDuration="
        + batchDuration
        + ", batchExpireRate="
        + batchExpireRate
        + ", batchesThatExpire="
        + batchesThatExpire
        + ", fineTuneDuration="
        + fineTuneDuration
        + "]";
  }

  private static void checkProbability(String name, double value) {
    if (!(value >= 0 && value <= 1)) {
      throw new IllegalArgumentException(name + " must be in [0, 1], was " + value);
    }
  }
}
