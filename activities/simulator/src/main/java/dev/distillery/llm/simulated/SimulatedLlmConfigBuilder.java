package dev.distillery.llm.simulated;

import java.time.Duration;

/**
 * Builds a {@link SimulatedLlmConfig}: {@link SimulatedLlmConfig#builder()} starts from the {@link
 * SimulatedLlmConfig#defaults()}, {@link SimulatedLlmConfig#toBuilder()} from a given config. Each
 * method sets the component of the same name; values are checked together by {@link #build()}, so
 * they can be set in any order.
 */
public final class SimulatedLlmConfigBuilder {
  private String model = SimulatedLlmConfig.DEFAULT_MODEL;
  private double accuracy = 0.8;
  private Duration latency = Duration.ZERO;
  private Duration latencyP99 = Duration.ZERO;
  private double tokensPerSecond;
  private double failureRate;
  private double rateLimitRate;
  private int requestsPerMinute;
  private double stallRate;
  private Duration stallFor = Duration.ofSeconds(30);
  private double malformedRate;
  private double resetRate;
  private double emptyContentRate;
  private boolean supportsN = true;
  private boolean thinkTags;
  private String reasoningField = SimulatedLlmConfig.REASONING_CONTENT;
  private String requireApiKey;
  private int port;
  private long faultSeed;
  private Duration batchDuration = SimulatedLlmConfig.DEFAULT_BATCH_DURATION;
  private double batchExpireRate;
  private int batchesThatExpire = 1;
  private Duration fineTuneDuration = SimulatedLlmConfig.DEFAULT_FINE_TUNE_DURATION;

  SimulatedLlmConfigBuilder() {}

  SimulatedLlmConfigBuilder(SimulatedLlmConfig config) {
    model = config.model();
    accuracy = config.accuracy();
    latency = config.latency();
    latencyP99 = config.latencyP99();
    tokensPerSecond = config.tokensPerSecond();
    failureRate = config.failureRate();
    rateLimitRate = config.rateLimitRate();
    requestsPerMinute = config.requestsPerMinute();
    stallRate = config.stallRate();
    stallFor = config.stallFor();
    malformedRate = config.malformedRate();
    resetRate = config.resetRate();
    emptyContentRate = config.emptyContentRate();
    supportsN = config.supportsN();
    thinkTags = config.thinkTags();
    reasoningField = config.reasoningField();
    requireApiKey = config.requireApiKey();
    port = config.port();
    faultSeed = config.faultSeed();
    batchDuration = config.batchDuration();
    batchExpireRate = config.batchExpireRate();
    batchesThatExpire = config.batchesThatExpire();
    fineTuneDuration = config.fineTuneDuration();
  }

  /**
   * The teacher model served (besides the judges {@code simulated-rater} and {@code
   * simulated-askllm}); requests for another get 404. Default {@value
   * SimulatedLlmConfig#DEFAULT_MODEL}.
   */
  public SimulatedLlmConfigBuilder model(String value) {
    model = value;
    return this;
  }

  /** The probability that an arithmetic answer is correct, in [0, 1]. Default 0.8. */
  public SimulatedLlmConfigBuilder accuracy(double value) {
    accuracy = value;
    return this;
  }

  /**
   * The typical time to first token: each request sleeps uniformly in [0.5x, 1.5x], or log-normally
   * with this median when {@link #latencyP99} is set. Default 0.
   */
  public SimulatedLlmConfigBuilder latency(Duration value) {
    latency = value;
    return this;
  }

  /**
   * When positive, the 99th percentile of a log-normal time to first token whose median is {@link
   * #latency}; must then be at least {@code latency}. Default 0 (uniform).
   */
  public SimulatedLlmConfigBuilder latencyP99(Duration value) {
    latencyP99 = value;
    return this;
  }

  /**
   * When positive, a 200 also waits {@code completion_tokens / tokensPerSecond} after the time to
   * first token, as streaming generation would. Default 0 (off).
   */
  public SimulatedLlmConfigBuilder tokensPerSecond(double value) {
    tokensPerSecond = value;
    return this;
  }

  /**
   * The probability that a request gets HTTP 500, in [0, 1]; the six fault rates must sum to at
   * most 1. Default 0.
   */
  public SimulatedLlmConfigBuilder failureRate(double value) {
    failureRate = value;
    return this;
  }

  /**
   * The probability that a request gets an immediate, transient HTTP 429 with {@code Retry-After:
   * 1} and headers saying the limit is not exhausted, in [0, 1]. Default 0.
   */
  public SimulatedLlmConfigBuilder rateLimitRate(double value) {
    rateLimitRate = value;
    return this;
  }

  /**
   * A real request limit: beyond it requests get 429 with {@code Retry-After}, {@code
   * x-ratelimit-remaining-requests: 0} and the reset; every response it lets through carries {@code
   * x-ratelimit-*-requests} headers too. 0 for none. Default 0.
   */
  public SimulatedLlmConfigBuilder requestsPerMinute(int value) {
    requestsPerMinute = value;
    return this;
  }

  /**
   * The probability that a request stalls for {@link #stallFor} before it is answered, so that a
   * client with a shorter timeout gives up, in [0, 1]. Default 0.
   */
  public SimulatedLlmConfigBuilder stallRate(double value) {
    stallRate = value;
    return this;
  }

  /** How long a stalled request waits. Default 30 s. */
  public SimulatedLlmConfigBuilder stallFor(Duration value) {
    stallFor = value;
    return this;
  }

  /**
   * The probability that a request gets HTTP 200 with a truncated, invalid JSON body, in [0, 1].
   * Default 0.
   */
  public SimulatedLlmConfigBuilder malformedRate(double value) {
    malformedRate = value;
    return this;
  }

  /**
   * The probability that the server closes the connection without any response (the client sees an
   * I/O error), in [0, 1]. Default 0.
   */
  public SimulatedLlmConfigBuilder resetRate(double value) {
    resetRate = value;
    return this;
  }

  /**
   * The probability that a request gets HTTP 200 whose choices have empty content, no reasoning and
   * {@code finish_reason: stop}, in [0, 1]. Default 0.
   */
  public SimulatedLlmConfigBuilder emptyContentRate(double value) {
    emptyContentRate = value;
    return this;
  }

  /**
   * Whether {@code n} is honoured; when false every response has one choice, as some
   * OpenAI-compatible servers do. Default true.
   */
  public SimulatedLlmConfigBuilder supportsN(boolean value) {
    supportsN = value;
    return this;
  }

  /**
   * Put the reasoning inline in {@code content} as {@code <think>...</think>} instead of in {@link
   * #reasoningField}, as a server without a reasoning parser does; when {@code max_tokens} ends
   * inside the reasoning, the {@code </think>} never comes. Default false.
   */
  public SimulatedLlmConfigBuilder thinkTags(boolean value) {
    thinkTags = value;
    return this;
  }

  /**
   * The message field holding the reasoning (unless {@link #thinkTags}): {@value
   * #REASONING_CONTENT}, as vLLM's reasoning parsers wrote before 0.11, or {@value
   * SimulatedLlmConfig#REASONING}, as they write from 0.11 on. When {@code max_tokens} ends inside
   * the reasoning, it holds the cut reasoning and {@code content} is {@code null}, with {@code
   * finish_reason: length}. Default {@value SimulatedLlmConfig#REASONING_CONTENT}.
   */
  public SimulatedLlmConfigBuilder reasoningField(String value) {
    reasoningField = value;
    return this;
  }

  /**
   * When not null, requests without {@code Authorization: Bearer <requireApiKey>} get 401, on every
   * route; {@code toString()} redacts it. Default null.
   */
  public SimulatedLlmConfigBuilder requireApiKey(String value) {
    requireApiKey = value;
    return this;
  }

  /** The port to bind on 127.0.0.1, 0 for an ephemeral one. Default 0. */
  public SimulatedLlmConfigBuilder port(int value) {
    port = value;
    return this;
  }

  /**
   * Seeds the randomness of latency and fault injection, and which batch requests expire. Default
   * 0.
   */
  public SimulatedLlmConfigBuilder faultSeed(long value) {
    faultSeed = value;
    return this;
  }

  /**
   * The wall time from creating a batch to its end; it is validating for the first tenth of it,
   * then in progress. Default {@link SimulatedLlmConfig#DEFAULT_BATCH_DURATION}.
   */
  public SimulatedLlmConfigBuilder batchDuration(Duration value) {
    batchDuration = value;
    return this;
  }

  /**
   * The share of requests left unprocessed, so that the batch ends {@code expired}, in each of the
   * first {@link #batchesThatExpire} batches, in [0, 1]. A request is picked by a hash of {@link
   * #faultSeed} and its {@code custom_id}. Default 0.
   */
  public SimulatedLlmConfigBuilder batchExpireRate(double value) {
    batchExpireRate = value;
    return this;
  }

  /**
   * How many batches, counted from the first created, {@link #batchExpireRate} applies to; later
   * batches complete. Default 1, so a resubmission of the expired requests completes.
   */
  public SimulatedLlmConfigBuilder batchesThatExpire(int value) {
    batchesThatExpire = value;
    return this;
  }

  /**
   * The wall time from creating a fine-tuning job to its success: it is {@code validating_files}
   * for the first tenth, {@code queued} for the second, then {@code running}. 0 finishes jobs at
   * once (tests). Default {@link SimulatedLlmConfig#DEFAULT_FINE_TUNE_DURATION}.
   */
  public SimulatedLlmConfigBuilder fineTuneDuration(Duration value) {
    fineTuneDuration = value;
    return this;
  }

  /**
   * The config, checked as a whole.
   *
   * @throws NullPointerException when a model or duration is null
   * @throws IllegalArgumentException when a value is out of range, the fault rates sum to more than
   *     1, or {@code latencyP99} is positive but below {@code latency}
   */
  public SimulatedLlmConfig build() {
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
