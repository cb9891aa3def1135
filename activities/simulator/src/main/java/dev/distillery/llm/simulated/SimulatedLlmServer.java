package dev.distillery.llm.simulated;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.distillery.json.Json;
import dev.distillery.llm.ChatMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A local stand-in for an OpenAI-compatible teacher endpoint, for tests and dry runs. It is a
 * simulator, not a model: it solves the arithmetic questions of {@link
 * dev.distillery.arithmetic.ArithmeticProblems} step by step, right with probability {@link
 * SimulatedLlmConfig#accuracy()}, and answers anything else with a canned reply. Responses carry
 * {@code system_fingerprint: distillery-simulator}.
 *
 * <p>It serves {@code POST /v1/chat/completions} (honouring {@code n}, {@code max_tokens} and
 * {@code seed}; completions are a function of model, messages, seed and choice index) and {@code
 * GET /v1/models}, and an OpenAI-compatible Batch API for chat completions ({@code /v1/files},
 * {@code /v1/batches}) whose answers equal the online ones, and an OpenAI-compatible fine-tuning
 * API ({@code /v1/fine_tuning/jobs}, {@link SimulatedFineTuning}) whose simulated models answer
 * with an accuracy their training data decides ({@link SimulatedFineTunedModel}). It can add
 * latency (uniform or log-normal time to first token, plus generation time at a token rate) and
 * inject 500s, 429s, stalls, malformed bodies, connection resets and empty completions. Tokens are
 * counted as whitespace-separated words.
 *
 * <p>It behaves as vLLM does where clients can tell:
 *
 * <ul>
 *   <li>Seeds: choice {@code j} of a request with {@code seed: s} is sampled with seed {@code s +
 *       j} (vLLM's v1 engine, {@code parallel_sampling.py}), so it equals choice 0 of the same
 *       request with {@code seed: s + j} and {@code n: 1}, for every model served (teacher, judges,
 *       writer) and in batches too. Without a seed, choice {@code j} is a function of {@code j}.
 *   <li>Reasoning: in the message field {@link SimulatedLlmConfig#reasoningField()} ({@code
 *       reasoning_content}, or {@code reasoning} as vLLM 0.11+ names it), or inline as {@code
 *       <think>...</think>} with {@link SimulatedLlmConfig#thinkTags()}. When {@code max_tokens}
 *       ends inside the reasoning, the choice has {@code finish_reason: length}, the cut reasoning
 *       and {@code content: null}, as with {@code --reasoning-parser}; when it ends inside the
 *       answer, {@code content} is the cut answer.
 *   <li>Injected 429s ({@link SimulatedLlmConfig#rateLimitRate()}) come at once, as a gateway's
 *       transient refusal with rate-limit headers far from exhausted; the real limit ({@link
 *       SimulatedLlmConfig#requestsPerMinute()}) reports {@code remaining 0} (see {@link
 *       SimulatedLlmConfig}).
 * </ul>
 *
 * <p>It counts deliveries per distinct request: every chat-completions POST whose body it reads
 * (whatever the reply, injected faults and 429s included; not those refused before, for a missing
 * API key or by {@code requestsPerMinute}) counts for the SHA-256 of its body bytes, {@link
 * #requestKey}. {@link #maxDeliveriesOfOneRequest()} {@code == 1} then says that no request was
 * sent twice.
 *
 * <p>It is long because it routes and answers every endpoint above, with its faults and rate limit;
 * the batch and fine-tuning APIs are already classes of their own.
 */
public final class SimulatedLlmServer implements AutoCloseable {

  /** The {@code system_fingerprint} of every completion. */
  public static final String FINGERPRINT = "distillery-simulator";

  private static final ObjectMapper MAPPER = Json.mapper();

  /** The 99th percentile of the standard normal distribution. */
  private static final double Z_99 = 2.3263478740408408;

  static {
    // The JDK server writes headers and body in separate segments; with Nagle's algorithm and
    // delayed ACKs every response would then take ~40 ms. The property is read once, when the
    // first server in the JVM is created, so set it unless the user chose otherwise.
    if (System.getProperty("sun.net.httpserver.nodelay") == null) {
      System.setProperty("sun.net.httpserver.nodelay", "true");
    }
    // Beyond 200 idle keep-alive connections (the default) the JDK server closes a connection as
    // soon as it has answered on it, and a client that reuses it fails; benchmarks keep 1,024.
    if (System.getProperty("sun.net.httpserver.maxIdleConnections") == null) {
      System.setProperty("sun.net.httpserver.maxIdleConnections", "8192");
    }
  }

  private final SimulatedLlmConfig config;
  private final boolean fixedLatency;
  private final SimulatedTeacher teacher;
  private final HttpServer server;
  private final ExecutorService executor;
  private final ScheduledExecutorService responder;
  private final SplittableRandom faults;
  private final AtomicLong requests = new AtomicLong();
  private final AtomicLong completed = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();
  private final AtomicLong stalled = new AtomicLong();
  private final AtomicLong rateLimited = new AtomicLong();
  private final AtomicLong resets = new AtomicLong();
  private final AtomicLong emptyContents = new AtomicLong();
  private double limitTokens = -1;
  private long limitRefilledAt = System.nanoTime();
  private final AtomicLong choices = new AtomicLong();
  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicInteger maxConcurrent = new AtomicInteger();
  private final AtomicLong ids = new AtomicLong();
  private final AtomicLong injectedRateLimits = new AtomicLong();
  private final Map<String, Integer> deliveries = new ConcurrentHashMap<>();
  private final SimulatedBatchApi batches;
  private final SimulatedFineTuning fineTuning;

  private SimulatedLlmServer(SimulatedLlmConfig config, boolean fixedLatency) throws IOException {
    this.config = config;
    this.fixedLatency = fixedLatency;
    this.teacher = new SimulatedTeacher(config.accuracy());
    this.faults = new SplittableRandom(config.faultSeed());
    AtomicInteger threadCount = new AtomicInteger();
    this.executor =
        // Handlers return as soon as a reply is decided, so few threads are ever busy at once;
        // an unbounded pool still never makes one request wait for another's body.
        Executors.newCachedThreadPool(
            runnable -> {
              Thread thread =
                  new Thread(runnable, "simulated-llm-" + threadCount.incrementAndGet());
              thread.setDaemon(true);
              return thread;
            });
    // Writes each chat reply when its simulated latency is up, so a request "thinking" holds no
    // thread (benchmarks keep 1,024 in flight).
    ScheduledThreadPoolExecutor scheduled =
        new ScheduledThreadPoolExecutor(
            2,
            runnable -> {
              Thread thread =
                  new Thread(runnable, "simulated-llm-reply-" + threadCount.incrementAndGet());
              thread.setDaemon(true);
              return thread;
            });
    scheduled.setRemoveOnCancelPolicy(true);
    this.responder = scheduled;
    this.server =
        HttpServer.create(
            new InetSocketAddress(InetAddress.getByName("127.0.0.1"), config.port()), 4096);
    server.setExecutor(executor);
    server.createContext("/v1/chat/completions", this::handleCompletions);
    server.createContext("/v1/models", this::handleModels);
    server.createContext("/v1/embeddings", this::handleEmbeddings);
    this.batches = new SimulatedBatchApi(config, this::authorized, this::answerWithoutFaults);
    server.createContext("/v1/files", batches::handleFiles);
    server.createContext("/v1/batches", batches::handleBatches);
    this.fineTuning = new SimulatedFineTuning(config, this::authorized, batches::file);
    server.createContext("/v1/fine_tuning", fineTuning::handle);
    server.createContext(
        "/",
        exchange -> {
          try (exchange) {
            send(exchange, error(404, "not_found", "No such path."));
          }
        });
    server.start();
  }

  /** Binds and starts a server; {@link #close()} stops it. */
  public static SimulatedLlmServer start(SimulatedLlmConfig config) throws IOException {
    return new SimulatedLlmServer(config, false);
  }

  /**
   * Like {@link #start}, but every request takes exactly {@link SimulatedLlmConfig#latency()}
   * instead of a uniform draw around it, as a benchmark against a fixed latency needs.
   */
  public static SimulatedLlmServer startWithFixedLatency(SimulatedLlmConfig config)
      throws IOException {
    return new SimulatedLlmServer(config, true);
  }

  /** The API root to give a client, {@code http://127.0.0.1:<port>/v1}. */
  public URI baseUrl() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/v1");
  }

  public SimulatedLlmConfig config() {
    return config;
  }

  /** Chat-completion POSTs received, whatever their outcome. */
  public long requestCount() {
    return requests.get();
  }

  /** Chat-completion POSTs answered with a well-formed 200 in time. */
  public long completedCount() {
    return completed.get();
  }

  /**
   * Chat-completion POSTs answered with an error status, an injected malformed body or empty
   * content, or dropped by an injected connection reset.
   */
  public long failedCount() {
    return failed.get();
  }

  /** Chat-completion POSTs whose connection was closed without a response (injected resets). */
  public long resetCount() {
    return resets.get();
  }

  /** Chat-completion POSTs answered with an injected 200 whose choices have empty content. */
  public long emptyContentCount() {
    return emptyContents.get();
  }

  /** Chat-completion POSTs refused with 429 because they exceeded {@code requestsPerMinute}. */
  public long rateLimitedCount() {
    return rateLimited.get();
  }

  /** Chat-completion POSTs held back by an injected stall (answered late, if at all). */
  public long stalledCount() {
    return stalled.get();
  }

  /**
   * How many times each distinct chat-completions body was delivered, by {@link #requestKey}: every
   * POST whose body was read counts, whatever the reply.
   */
  public Map<String, Integer> deliveriesByRequest() {
    return Map.copyOf(deliveries);
  }

  /** The distinct chat-completions bodies delivered. */
  public long distinctRequests() {
    return deliveries.size();
  }

  /** The most times one chat-completions body was delivered; 0 before any was. */
  public int maxDeliveriesOfOneRequest() {
    return deliveries.values().stream().mapToInt(Integer::intValue).max().orElse(0);
  }

  /** The key of a request body in {@link #deliveriesByRequest()}: the hex SHA-256 of its bytes. */
  public static String requestKey(byte[] body) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is always available", e);
    }
  }

  /** Choices in all 200 responses. */
  public long choicesServed() {
    return choices.get();
  }

  /** The most chat-completion POSTs that were being handled at the same time. */
  public int maxConcurrent() {
    return maxConcurrent.get();
  }

  /** Batches created through {@code POST /v1/batches}, whatever their outcome. */
  public long batchesCreated() {
    return batches.batchesCreated();
  }

  /**
   * Batch requests processed (answered, successfully or with an error status); requests a batch
   * left unprocessed when it expired do not count. Batch traffic never changes the chat counters.
   */
  public long batchRequestsServed() {
    return batches.requestsServed();
  }

  /** How many times each batch {@code custom_id} was processed, across all batches. */
  public Map<String, Integer> batchServedCounts() {
    return batches.servedByCustomId();
  }

  /** The batch {@code custom_id}s processed more than once, across all batches. */
  public long batchCustomIdsServedMoreThanOnce() {
    return batches.servedByCustomId().values().stream().filter(count -> count > 1).count();
  }

  /** Fine-tuning jobs created through {@code POST /v1/fine_tuning/jobs}, whatever their outcome. */
  public long fineTuningJobsCreated() {
    return fineTuning.jobsCreated();
  }

  @Override
  public void close() {
    server.stop(0);
    batches.close();
    fineTuning.close();
    responder.shutdownNow();
    executor.shutdownNow();
    try {
      executor.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void handleCompletions(HttpExchange exchange) throws IOException {
    if (!"POST".equals(exchange.getRequestMethod())) {
      try (exchange) {
        send(exchange, error(405, "method_not_allowed", "Use POST."));
      }
      return;
    }
    requests.incrementAndGet();
    Delayed delayed;
    maxConcurrent.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
    try {
      delayed = answer(exchange);
    } catch (IOException | RuntimeException | Error e) {
      inFlight.decrementAndGet();
      exchange.close();
      throw e;
    }
    if (delayed.nanos() <= 0) {
      finish(exchange, delayed.reply());
      return;
    }
    try {
      responder.schedule(
          () -> finish(exchange, delayed.reply()), delayed.nanos(), TimeUnit.NANOSECONDS);
    } catch (RejectedExecutionException e) {
      // Closing: drop the request as a stopped server would.
      inFlight.decrementAndGet();
      exchange.close();
    }
  }

  /** Counts and writes {@code reply} (or drops the connection) once its latency is up. */
  private void finish(HttpExchange exchange, SimulatedReply reply) {
    try (exchange) {
      // Before writing, so that a client seeing the response never sees this request in flight.
      inFlight.decrementAndGet();
      if (reply.stalled()) {
        stalled.incrementAndGet();
      } else if (reply.isDropped()) {
        resets.incrementAndGet();
        failed.incrementAndGet();
        return; // Closing the exchange before any header is sent drops the connection.
      } else if (reply.status() == 200 && reply.raw() == null && isEmpty(reply.body())) {
        emptyContents.incrementAndGet();
        failed.incrementAndGet();
      } else if (reply.status() == 200 && reply.raw() == null) {
        choices.addAndGet(reply.body().path("choices").size());
        completed.incrementAndGet();
      } else {
        failed.incrementAndGet();
      }
      send(exchange, reply);
    } catch (IOException | RuntimeException e) {
      // The client gave up (a timeout during a stall) or the server is stopping; nobody to tell.
    }
  }

  /** A decided reply and how long after the request arrived it is due. */
  private record Delayed(SimulatedReply reply, long nanos) {
    static Delayed now(SimulatedReply reply) {
      return new Delayed(reply, 0);
    }
  }

  /**
   * Whether {@code completion} is an injected empty one: no content and no reasoning. A choice cut
   * by {@code max_tokens} inside its reasoning has null content too, but a reasoning and {@code
   * finish_reason: length}.
   */
  private boolean isEmpty(JsonNode completion) {
    JsonNode first = completion.path("choices").path(0);
    JsonNode message = first.path("message");
    return message.path("content").asText("").isEmpty()
        && !message.has(config.reasoningField())
        && !"length".equals(first.path("finish_reason").asText());
  }

  /**
   * Decides the reply to a chat request and when it is due (time to first token, any stall, and
   * generation time), without waiting: {@link #finish} writes it then.
   */
  private Delayed answer(HttpExchange exchange) throws IOException {
    if (!authorized(exchange)) {
      return Delayed.now(
          error(401, "invalid_api_key", "Incorrect or missing API key (simulator)."));
    }
    if (config.requestsPerMinute() > 0 && !takeRequestToken(exchange)) {
      rateLimited.incrementAndGet();
      SimulatedReply limited =
          error(429, "rate_limit_exceeded", "Requests per minute exceeded (simulator).");
      return Delayed.now(new SimulatedReply(429, limited.body(), "1"));
    }
    byte[] body;
    try (InputStream in = exchange.getRequestBody()) {
      body = in.readAllBytes();
    }
    deliveries.merge(requestKey(body), 1, Integer::sum);
    JsonNode json;
    try {
      json = MAPPER.readTree(body);
    } catch (IOException e) {
      return Delayed.now(error(400, "invalid_request_error", "Body is not JSON."));
    }
    SimulatedReply rejection = validate(json);
    if (rejection != null) {
      return Delayed.now(rejection);
    }
    SimulatedRequest request = parse(json);

    // Drawn even when an injected 429 will not wait for it, so that a fault seed gives the same
    // sequence of faults and latencies as ever.
    long delay = timeToFirstTokenNanos();
    double fault;
    synchronized (faults) {
      fault = faults.nextDouble();
    }
    double bound = config.failureRate();
    if (fault < bound) {
      return new Delayed(error(500, "server_error", "Injected failure (simulator)."), delay);
    }
    bound += config.rateLimitRate();
    if (fault < bound) {
      // A gateway's limiter refuses before the model runs: at once, whatever the latency.
      return Delayed.now(injectedRateLimit(exchange));
    }
    bound += config.stallRate();
    boolean stall = fault < bound;
    if (stall) {
      delay += Math.max(0, config.stallFor().toNanos());
    } else if (fault < (bound += config.malformedRate())) {
      return new Delayed(
          new SimulatedReply(
              200,
              null,
              null,
              "{\"id\":\"chatcmpl-sim-broken\",\"choices\":[{\"index\":0,\"mess",
              false),
          delay);
    } else if (fault < (bound += config.resetRate())) {
      return new Delayed(SimulatedReply.dropped(), delay);
    } else if (fault < bound + config.emptyContentRate()) {
      return new Delayed(
          new SimulatedReply(200, emptyCompletion(request), null, null, false), delay);
    }
    ObjectNode response = completion(request);
    if (config.tokensPerSecond() > 0) {
      long tokens = response.path("usage").path("completion_tokens").asLong();
      delay += (long) (tokens / config.tokensPerSecond() * 1e9);
    }
    return new Delayed(new SimulatedReply(200, response, null, null, stall), delay);
  }

  /**
   * A gateway's transient 429: {@code Retry-After: 1} and {@code x-ratelimit-*} headers, for
   * requests and tokens, saying that plenty of the limit remains (at least 90%) and that it resets
   * in a second, so a client should retry rather than slow down.
   */
  private SimulatedReply injectedRateLimit(HttpExchange exchange) {
    long count = injectedRateLimits.incrementAndGet();
    var headers = exchange.getResponseHeaders();
    long[] limits = {
      SimulatedLlmConfig.INJECTED_LIMIT_REQUESTS, SimulatedLlmConfig.INJECTED_LIMIT_TOKENS
    };
    String[] kinds = {"requests", "tokens"};
    for (int i = 0; i < kinds.length; i++) {
      long limit = limits[i];
      // Varies from one 429 to the next, as a live counter does, but never below 90%.
      long remaining = limit - 1 - (count - 1) % (limit / 10);
      headers.set("x-ratelimit-limit-" + kinds[i], Long.toString(limit));
      headers.set("x-ratelimit-remaining-" + kinds[i], Long.toString(remaining));
      headers.set("x-ratelimit-reset-" + kinds[i], "1s");
    }
    SimulatedReply limited = error(429, "rate_limit_exceeded", "Injected rate limit (simulator).");
    return new SimulatedReply(429, limited.body(), "1");
  }

  /** The answer a fault-free endpoint gives {@code json}: an error reply or a completion. */
  SimulatedReply answerWithoutFaults(JsonNode json) {
    SimulatedReply rejection = validate(json);
    return rejection != null
        ? rejection
        : new SimulatedReply(200, completion(parse(json)), null, null, false);
  }

  /** Null when {@code json} is a chat request this server serves, else the error reply. */
  private SimulatedReply validate(JsonNode json) {
    if (json == null || !json.path("messages").isArray()) {
      return error(400, "invalid_request_error", "messages is required.");
    }
    String model = json.path("model").asText("");
    if (!config.model().equals(model)
        && !SimulatedRater.handles(model)
        && !SimulatedWriter.MODEL.equals(model)
        && !SimulatedFineTunedModel.handles(model)) {
      return error(404, "model_not_found", "The model `" + model + "` does not exist.");
    }
    int n = json.path("n").asInt(1);
    if (n < 1 || n > 128) {
      return error(400, "invalid_request_error", "n must be in 1..128.");
    }
    return null;
  }

  private SimulatedRequest parse(JsonNode json) {
    List<ChatMessage> messages = new ArrayList<>();
    for (JsonNode message : json.path("messages")) {
      messages.add(
          new ChatMessage(message.path("role").asText(""), message.path("content").asText("")));
    }
    Long seed = json.path("seed").isIntegralNumber() ? json.get("seed").asLong() : null;
    // As servers without n support do: the parameter is ignored.
    int n = config.supportsN() ? json.path("n").asInt(1) : 1;
    return new SimulatedRequest(json.path("model").asText(""), messages, n, seed, maxTokens(json));
  }

  private ObjectNode completionEnvelope() {
    ObjectNode response = MAPPER.createObjectNode();
    response.put("id", "chatcmpl-sim-" + HexFormat.of().toHexDigits(ids.incrementAndGet()));
    response.put("object", "chat.completion");
    response.put("created", Instant.now().getEpochSecond());
    response.put("model", config.model());
    response.put("system_fingerprint", FINGERPRINT);
    return response;
  }

  private ObjectNode completion(SimulatedRequest request) {
    ObjectNode response = completionEnvelope();
    ArrayNode choiceArray = response.putArray("choices");
    long completionTokens = 0;
    for (int index = 0; index < request.n(); index++) {
      SimulatedChoice choice =
          teacher.answer(
              request.model(), request.messages(), request.seed(), index, request.maxTokens());
      completionTokens += choice.completionTokens();
      ObjectNode node = choiceArray.addObject();
      node.put("index", index);
      ObjectNode message = node.putObject("message");
      message.put("role", "assistant");
      if (config.thinkTags()) {
        // Without a reasoning parser the cut reasoning is the content, its </think> never written.
        boolean reasoningCut = choice.content() == null;
        message.put(
            "content",
            "<think>\n"
                + choice.reasoning()
                + (reasoningCut ? "" : "\n</think>\n\n" + choice.content()));
      } else {
        // A reasoning parser's output: null content when the budget ran out inside the reasoning.
        if (choice.content() == null) {
          message.putNull("content");
        } else {
          message.put("content", choice.content());
        }
        message.put(config.reasoningField(), choice.reasoning());
      }
      node.putNull("logprobs");
      node.put("finish_reason", choice.finishReason());
    }
    putUsage(response, request, completionTokens);
    return response;
  }

  /** A well-formed completion with nothing in it, as overloaded servers sometimes send. */
  private ObjectNode emptyCompletion(SimulatedRequest request) {
    ObjectNode response = completionEnvelope();
    ArrayNode choiceArray = response.putArray("choices");
    for (int index = 0; index < request.n(); index++) {
      ObjectNode node = choiceArray.addObject();
      node.put("index", index);
      node.putObject("message").put("role", "assistant").put("content", "");
      node.putNull("logprobs");
      node.put("finish_reason", "stop");
    }
    putUsage(response, request, 0);
    return response;
  }

  private static void putUsage(ObjectNode response, SimulatedRequest request, long completion) {
    long promptTokens =
        request.messages().stream().mapToLong(m -> SimulatedTeacher.countWords(m.content())).sum();
    ObjectNode usage = response.putObject("usage");
    usage.put("prompt_tokens", promptTokens);
    usage.put("completion_tokens", completion);
    usage.put("total_tokens", promptTokens + completion);
  }

  private static Integer maxTokens(JsonNode request) {
    for (String field : List.of("max_tokens", "max_completion_tokens")) {
      if (request.path(field).isIntegralNumber()) {
        return request.get(field).asInt();
      }
    }
    return null;
  }

  /** {@code POST /v1/embeddings} for {@value SimulatedEmbedding#MODEL}; no faults, no latency. */
  private void handleEmbeddings(HttpExchange exchange) throws IOException {
    try (exchange) {
      if (!authorized(exchange)) {
        send(exchange, error(401, "invalid_api_key", "Incorrect or missing API key (simulator)."));
        return;
      }
      JsonNode json;
      try (InputStream in = exchange.getRequestBody()) {
        json = MAPPER.readTree(in);
      } catch (IOException e) {
        send(exchange, error(400, "invalid_request_error", "The body is not JSON."));
        return;
      }
      String model = json == null ? "" : json.path("model").asText("");
      if (!SimulatedEmbedding.MODEL.equals(model)) {
        send(exchange, error(404, "model_not_found", "The model `" + model + "` does not exist."));
        return;
      }
      JsonNode input = json.path("input");
      List<String> texts = new ArrayList<>();
      if (input.isTextual()) {
        texts.add(input.asText());
      } else {
        input.forEach(t -> texts.add(t.asText()));
      }
      ObjectNode response = MAPPER.createObjectNode().put("object", "list").put("model", model);
      var data = response.putArray("data");
      long tokens = 0;
      for (int i = 0; i < texts.size(); i++) {
        ObjectNode item = data.addObject().put("object", "embedding").put("index", i);
        var values = item.putArray("embedding");
        for (float x : SimulatedEmbedding.embed(texts.get(i))) {
          values.add(x);
        }
        tokens += SimulatedTeacher.countWords(texts.get(i));
      }
      response.putObject("usage").put("prompt_tokens", tokens).put("total_tokens", tokens);
      send(exchange, new SimulatedReply(200, response, null));
    }
  }

  private void handleModels(HttpExchange exchange) throws IOException {
    try (exchange) {
      if (!"GET".equals(exchange.getRequestMethod())) {
        send(exchange, error(405, "method_not_allowed", "Use GET."));
        return;
      }
      if (!authorized(exchange)) {
        send(exchange, error(401, "invalid_api_key", "Incorrect or missing API key (simulator)."));
        return;
      }
      ObjectNode response = MAPPER.createObjectNode();
      response.put("object", "list");
      var data = response.putArray("data");
      for (String id :
          List.of(
              config.model(),
              SimulatedRater.RATER,
              SimulatedRater.ASKLLM,
              SimulatedWriter.MODEL,
              SimulatedEmbedding.MODEL)) {
        data.addObject().put("id", id).put("object", "model").put("owned_by", FINGERPRINT);
      }
      send(exchange, new SimulatedReply(200, response, null));
    }
  }

  private boolean authorized(HttpExchange exchange) {
    if (config.requireApiKey() == null) {
      return true;
    }
    String header = exchange.getRequestHeaders().getFirst("Authorization");
    return ("Bearer " + config.requireApiKey()).equals(header);
  }

  /**
   * Draws a time to first token: exactly {@code latency} for a server started with fixed latency,
   * uniform in [0.5, 1.5] x {@code latency}, or log-normal with median {@code latency} and 99th
   * percentile {@code latencyP99}.
   */
  private long timeToFirstTokenNanos() {
    long medianNanos = config.latency().toNanos();
    if (medianNanos <= 0) {
      return 0;
    }
    long p99Nanos = config.latencyP99().toNanos();
    if (fixedLatency && p99Nanos <= 0) {
      return medianNanos;
    }
    synchronized (faults) {
      if (p99Nanos <= 0) {
        return (long) (medianNanos * (0.5 + faults.nextDouble()));
      }
      double sigma = Math.log((double) p99Nanos / medianNanos) / Z_99;
      return (long) (medianNanos * Math.exp(sigma * faults.nextGaussian()));
    }
  }

  /**
   * A token bucket holding one second of the per-minute limit; sets the {@code
   * x-ratelimit-*-requests} headers on the exchange either way.
   */
  private synchronized boolean takeRequestToken(HttpExchange exchange) {
    double perSecond = config.requestsPerMinute() / 60.0;
    double capacity = Math.max(1, perSecond);
    long now = System.nanoTime();
    limitTokens =
        limitTokens < 0
            ? capacity
            : Math.min(capacity, limitTokens + (now - limitRefilledAt) / 1e9 * perSecond);
    limitRefilledAt = now;
    boolean ok = limitTokens >= 1;
    if (ok) {
      limitTokens -= 1;
    }
    long remaining = (long) Math.floor(limitTokens);
    long resetMillis = remaining > 0 ? 0 : (long) Math.ceil((1 - limitTokens) / perSecond * 1000);
    var headers = exchange.getResponseHeaders();
    headers.set("x-ratelimit-limit-requests", Integer.toString(config.requestsPerMinute()));
    headers.set("x-ratelimit-remaining-requests", Long.toString(remaining));
    headers.set("x-ratelimit-reset-requests", resetMillis + "ms");
    return ok;
  }

  static SimulatedReply error(int status, String code, String message) {
    return error(status, code, message, null);
  }

  /** An error in OpenAI's shape: {@code {"error": {"message", "type", "param", "code"}}}. */
  static SimulatedReply error(int status, String code, String message, String param) {
    ObjectNode body = MAPPER.createObjectNode();
    body.putObject("error")
        .put("message", message)
        .put("type", status >= 500 ? "server_error" : "invalid_request_error")
        .put("param", param)
        .put("code", code);
    return new SimulatedReply(status, body, null);
  }

  static void send(HttpExchange exchange, SimulatedReply reply) throws IOException {
    byte[] bytes;
    try {
      bytes =
          reply.raw() != null
              ? reply.raw().getBytes(java.nio.charset.StandardCharsets.UTF_8)
              : MAPPER.writeValueAsBytes(reply.body());
    } catch (JsonProcessingException e) {
      throw new IOException("cannot encode response", e);
    }
    exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
    if (reply.retryAfter() != null) {
      exchange.getResponseHeaders().set("Retry-After", reply.retryAfter());
    }
    exchange.sendResponseHeaders(reply.status(), bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }
}
