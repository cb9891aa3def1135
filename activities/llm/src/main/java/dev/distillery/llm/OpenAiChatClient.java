package dev.distillery.llm;

import dev.distillery.http.RetryAfter;
import dev.distillery.http.RetryPolicy;
import java.io.IOException;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link ChatClient} for OpenAI-compatible {@code /chat/completions} endpoints (vLLM, SGLang,
 * OpenAI, the simulator).
 *
 * <p>At most {@link EndpointConfig#concurrency()} HTTP requests are in flight at once; callers
 * beyond that wait. Transient failures ({@link RetryPolicy#retryableStatus}: 408, 409, 429, 5xx;
 * timeouts, I/O errors, bodies that do not parse or lack the choices asked for, empty completions)
 * are retried as the endpoint's {@link EndpointConfig#retryPolicy() RetryPolicy} says (exponential
 * backoff with full jitter, up to {@link EndpointConfig#maxRetries()} retries), timeouts at most
 * once ({@link #MAX_TIMED_OUT_ATTEMPTS}); a {@code retry-after-ms} or {@code Retry-After} (seconds
 * or an HTTP date, capped at 60 s) is honoured when longer, by that request alone. Only an
 * exhausted limit pauses every request to the endpoint: rate-limit headers saying nothing is left,
 * or 429s persisting ({@link RateLimiter#recordResponse}). A choice cut at {@code max_tokens}
 * ({@code finish_reason: length}, content null, empty or cut) is an answer, never retried. Other
 * 4xx, and a 429 {@code insufficient_quota}, fail at once. The API key never appears in messages or
 * logs.
 *
 * <p>The client runs its own attempt loop rather than a {@link dev.distillery.http.Retrier} (it
 * holds permits, feeds the shared limiter and counts errors by kind), but every wait, limit and
 * classification comes from the policy.
 */
public final class OpenAiChatClient implements ChatClient {

  /**
   * Timed-out attempts a request makes at most, whatever {@link EndpointConfig#maxRetries()}
   * allows: an endpoint that accepts connections and does not answer within the request timeout
   * holds a request for twice that timeout, not the timeout times every attempt (600 s x 7 by
   * default). A non-streaming completion sends no byte before it is complete, so a hung endpoint
   * cannot be told from a slow generation sooner than the timeout itself.
   */
  static final int MAX_TIMED_OUT_ATTEMPTS = 2;

  /** The most a TCP connection may take to open (less when the request timeout is shorter). */
  static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(30);

  private static final Logger log = LoggerFactory.getLogger(OpenAiChatClient.class);

  private final EndpointConfig config;
  private final RetryPolicy policy;
  private final URI endpoint;
  private final Semaphore permits;
  private final RateLimiter limiter;
  private final HttpClient http;
  private final AtomicInteger waiting = new AtomicInteger();
  private volatile boolean closed;
  private volatile boolean fanOut;
  private volatile boolean singleChoiceSeen;

  public OpenAiChatClient(EndpointConfig config) {
    this(config, RateLimiter.unlimited());
  }

  /** A client whose requests also wait for {@code limiter}, which other clients may share. */
  public OpenAiChatClient(EndpointConfig config, RateLimiter limiter) {
    this.config = Objects.requireNonNull(config, "config");
    this.limiter = Objects.requireNonNull(limiter, "limiter");
    this.policy = config.retryPolicy();
    this.endpoint = config.chatCompletionsUrl();
    this.permits = new Semaphore(config.concurrency(), true);
    HttpClient.Builder builder =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(
                config.requestTimeout().compareTo(CONNECT_TIMEOUT) < 0
                    ? config.requestTimeout()
                    : CONNECT_TIMEOUT)
            .followRedirects(HttpClient.Redirect.NEVER)
            // The client's own tasks (parsing a response, completing its future) run on its
            // selector thread rather than being handed to a pool: every caller blocks in send()
            // anyway, and at thousands of requests a second the hand-offs cost more than the work.
            .executor(Runnable::run);
    if (isDirect(endpoint)) {
      // Otherwise the default selector is asked again, with allocations, for every request.
      builder.proxy(HttpClient.Builder.NO_PROXY);
    }
    this.http = builder.build();
  }

  public EndpointConfig config() {
    return config;
  }

  @Override
  public ChatResponse complete(ChatRequest request) throws LlmException, InterruptedException {
    Objects.requireNonNull(request, "request");
    if (closed) {
      throw new IllegalStateException("the client for " + endpoint + " is closed");
    }
    if (request.n() < 1) {
      throw new IllegalArgumentException("n must be >= 1, was " + request.n());
    }
    if (request.n() > 1 && fanOut) {
      return fanOut(request);
    }
    HttpRequest httpRequest = buildRequest(request);
    String lastProblem = "no attempt made";
    int lastStatus = 0;
    Throwable lastCause = null;
    int attempts = policy.maxAttempts();
    long estimatedTokens = estimateTokens(request);
    Map<String, Integer> errors = new TreeMap<>();
    for (int attempt = 1; attempt <= attempts; attempt++) {
      Duration retryAfter = null;
      limiter.acquire(estimatedTokens);
      permits.acquire();
      long started = System.nanoTime();
      HttpResponse<byte[]> response;
      try {
        response = http.send(httpRequest, HttpResponse.BodyHandlers.ofByteArray());
      } catch (HttpTimeoutException e) {
        response = null;
        lastStatus = 0;
        lastCause = e;
        lastProblem = "timed out after " + config.requestTimeout();
        if (errors.merge("timeout", 1, Integer::sum) >= MAX_TIMED_OUT_ATTEMPTS) {
          throw new LlmException(
              "Chat completion to "
                  + endpoint
                  + " for model '"
                  + request.model()
                  + "' timed out "
                  + MAX_TIMED_OUT_ATTEMPTS
                  + " times (no answer within "
                  + config.requestTimeout()
                  + "), so it is not retried again: check that the server at base_url is up and"
                  + " not overloaded, or raise timeout_seconds if its answers are this slow.",
              0,
              true,
              e);
        }
      } catch (IOException e) {
        response = null;
        lastStatus = 0;
        lastCause = e;
        errors.merge("io", 1, Integer::sum);
        lastProblem =
            e instanceof java.net.ConnectException && e.getMessage() == null
                ? "cannot connect (refused or unreachable)"
                : "I/O error "
                    + e.getClass().getSimpleName()
                    + ": "
                    + config.redact(e.getMessage());
      } finally {
        permits.release();
      }
      long latencyMillis = (System.nanoTime() - started) / 1_000_000;
      boolean exhausted = false;
      Duration reset = null;
      if (response != null) {
        reset = RateLimitHeaders.pause(response.headers(), config.concurrency()).orElse(null);
        int status = response.statusCode();
        // A 429 while the headers show room is one request turned away: only it waits. An
        // exhausted limit (no room left, or 429s persisting) pauses every request.
        exhausted =
            limiter.recordResponse(status == 429)
                || (status == 429
                    && RateLimitHeaders.exhausted(response.headers(), estimatedTokens));
        if (reset != null) {
          limiter.coolDown(reset); // The headers say the limit is nearly used up.
        }
        lastStatus = status;
        lastCause = null;
        if (status >= 200 && status < 300) {
          try {
            ChatResponse decoded =
                OpenAiJson.decodeResponse(response.body(), request.n(), latencyMillis, attempt);
            OpenAiJson.requireAnswers(decoded);
            if (request.n() > 1) {
              singleChoiceSeen = false;
            }
            limiter.settle(estimatedTokens, decoded.promptTokens() + decoded.completionTokens());
            return errors.isEmpty() ? decoded : decoded.withErrors(errors);
          } catch (SingleChoiceException e) {
            // Once could be a glitch (retried like a malformed body); twice in a row means the
            // endpoint ignores n.
            if (singleChoiceSeen) {
              log.info("{} ignores n; sending one request per sample from now on", endpoint);
              fanOut = true;
              return fanOut(request);
            }
            singleChoiceSeen = true;
            errors.merge("single_choice", 1, Integer::sum);
            lastCause = e;
            lastProblem = "HTTP " + status + " with one choice where n=" + request.n();
          } catch (EmptyCompletionException e) {
            errors.merge("empty", 1, Integer::sum);
            lastCause = e;
            lastProblem = "HTTP " + status + " with an empty completion: " + e.getMessage();
          } catch (MalformedResponseException e) {
            errors.merge("malformed", 1, Integer::sum);
            lastCause = e;
            lastProblem = "HTTP " + status + " with a malformed body: " + e.getMessage();
          }
        } else if (RetryPolicy.retryable(status, OpenAiJson.errorCode(response.body()))) {
          errors.merge("http_" + status, 1, Integer::sum);
          lastProblem = "HTTP " + status + ": " + config.excerpt(text(response.body()));
          retryAfter = RetryAfter.of(response.headers(), Instant.now());
        } else {
          throw permanentFailure(request, status, text(response.body()));
        }
      }
      if (attempt < attempts) {
        Duration wait = policy.delay(attempt, retryAfter, ThreadLocalRandom.current());
        if (exhausted) {
          // Every request to this endpoint pauses until the limit has room again.
          if (reset != null && reset.compareTo(wait) > 0) {
            wait = reset;
          }
          limiter.coolDown(wait);
        }
        log.info(
            "LLM request to {} (model {}) failed on attempt {}/{}: {}; retrying in {} ms",
            endpoint,
            request.model(),
            attempt,
            attempts,
            lastProblem,
            wait.toMillis());
        waiting.incrementAndGet();
        try {
          Thread.sleep(wait.toMillis());
        } finally {
          waiting.decrementAndGet();
        }
      }
    }
    throw new LlmException(
        "Chat completion to "
            + endpoint
            + " for model '"
            + request.model()
            + "' failed after "
            + attempts
            + " attempt(s) ("
            + config.maxRetries()
            + " retries); last failure: "
            + lastProblem
            + ". The endpoint may be overloaded or down: check base_url, retry later, lower"
            + " concurrency, or raise max_retries or timeout_seconds.",
        lastStatus,
        true,
        lastCause);
  }

  @Override
  public int waitingToRetry() {
    return waiting.get();
  }

  /** Later calls to {@link #complete} fail. */
  @Override
  public void close() {
    closed = true;
  }

  /** Whether the default proxy selector sends requests to {@code endpoint} without a proxy. */
  private static boolean isDirect(URI endpoint) {
    ProxySelector selector = ProxySelector.getDefault();
    if (selector == null) {
      return true;
    }
    List<Proxy> proxies = selector.select(endpoint);
    return proxies.isEmpty() || proxies.stream().allMatch(p -> p.type() == Proxy.Type.DIRECT);
  }

  private static String text(byte[] body) {
    return body == null ? null : new String(body, StandardCharsets.UTF_8);
  }

  private HttpRequest buildRequest(ChatRequest request) {
    HttpRequest.Builder builder =
        HttpRequest.newBuilder(endpoint)
            .timeout(config.requestTimeout())
            .header("Content-Type", "application/json")
            .header("Accept", "application/json")
            .POST(HttpRequest.BodyPublishers.ofByteArray(OpenAiJson.encodeRequest(request)));
    if (config.hasApiKey()) {
      builder.header("Authorization", "Bearer " + config.apiKey());
    }
    return builder.build();
  }

  /**
   * Answers a request for {@code n} samples with {@code n} requests for one, for endpoints that
   * ignore {@code n}; usage and attempts add up, latency is the slowest.
   */
  private ChatResponse fanOut(ChatRequest request) throws LlmException, InterruptedException {
    List<ChatChoice> choices = new ArrayList<>();
    long promptTokens = 0;
    long completionTokens = 0;
    long latency = 0;
    int attempts = 0;
    Map<String, Integer> errors = new TreeMap<>();
    for (int i = 0; i < request.n(); i++) {
      ChatResponse one =
          complete(request.withN(1).withSeed(request.seed() == null ? null : request.seed() + i));
      ChatChoice choice = one.choices().get(0);
      choices.add(new ChatChoice(i, choice.reasoning(), choice.content(), choice.finishReason()));
      promptTokens += one.promptTokens();
      completionTokens += one.completionTokens();
      latency = Math.max(latency, one.latencyMillis());
      attempts += one.attempts();
      one.errors().forEach((kind, count) -> errors.merge(kind, count, Integer::sum));
    }
    return new ChatResponse(choices, promptTokens, completionTokens, latency, attempts, errors);
  }

  /** Prompt characters / 4 plus the completion budget of every sample, as providers count it. */
  private static long estimateTokens(ChatRequest request) {
    long promptChars = request.messages().stream().mapToLong(m -> m.content().length()).sum();
    return promptChars / 4 + (long) request.maxTokens() * request.n();
  }

  private LlmException permanentFailure(ChatRequest request, int status, String body) {
    String advice;
    if (status == 401 || status == 403) {
      String source =
          config.apiKeyEnv() != null
              ? "environment variable " + config.apiKeyEnv()
              : "the API key environment variable configured for this endpoint";
      advice =
          config.hasApiKey()
              ? "The endpoint rejected the API key: check that "
                  + source
                  + " holds a valid key for this endpoint and model."
              : "No API key was sent: set "
                  + source
                  + " (the endpoint requires an Authorization: Bearer key).";
    } else if (status == 404) {
      advice =
          "Check base_url (it usually ends in /v1, e.g. http://host:8000/v1) and that the endpoint"
              + " serves model '"
              + request.model()
              + "' (GET "
              + config.baseUrl()
              + "/models lists them).";
    } else if (status == 429) {
      advice =
          "The endpoint says the account has no quota left (insufficient_quota): add credits or"
              + " raise the spend limit, then resume.";
    } else if (status == 400 || status == 422) {
      advice =
          "The endpoint rejected the request itself: check the sampling parameters (n, max_tokens"
              + " against the model's context length, temperature) and the messages.";
    } else {
      advice = "Retrying will not help; check the endpoint configuration.";
    }
    return new LlmException(
        "Chat completion to "
            + endpoint
            + " for model '"
            + request.model()
            + "' failed with HTTP "
            + status
            + " (not retried). Response body: \""
            + config.excerpt(body)
            + "\". "
            + advice,
        status,
        false,
        null);
  }
}
