package dev.distillery.llm.simulated;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.distillery.llm.ChatMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
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
 * GET /v1/models}. It can add latency and inject 500s and 429s. Tokens are counted as
 * whitespace-separated words.
 */
public final class SimulatedLlmServer implements AutoCloseable {

  /** The {@code system_fingerprint} of every completion. */
  public static final String FINGERPRINT = "distillery-simulator";

  private static final ObjectMapper MAPPER = new ObjectMapper();

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
  private final SplittableRandom faults;
  private final AtomicLong requests = new AtomicLong();
  private final AtomicLong completed = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();
  private final AtomicLong stalled = new AtomicLong();
  private final AtomicLong rateLimited = new AtomicLong();
  private double limitTokens = -1;
  private long limitRefilledAt = System.nanoTime();
  private final AtomicLong choices = new AtomicLong();
  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicInteger maxConcurrent = new AtomicInteger();
  private final AtomicLong ids = new AtomicLong();

  private SimulatedLlmServer(SimulatedLlmConfig config, boolean fixedLatency) throws IOException {
    this.config = config;
    this.fixedLatency = fixedLatency;
    this.teacher = new SimulatedTeacher(config.accuracy());
    this.faults = new SplittableRandom(config.faultSeed());
    AtomicInteger threadCount = new AtomicInteger();
    this.executor =
        // One thread per request in flight, however many the client sends (benchmarks use 1,024).
        Executors.newCachedThreadPool(
            runnable -> {
              Thread thread =
                  new Thread(runnable, "simulated-llm-" + threadCount.incrementAndGet());
              thread.setDaemon(true);
              return thread;
            });
    this.server =
        HttpServer.create(
            new InetSocketAddress(InetAddress.getByName("127.0.0.1"), config.port()), 4096);
    server.setExecutor(executor);
    server.createContext("/v1/chat/completions", this::handleCompletions);
    server.createContext("/v1/models", this::handleModels);
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
   * Like {@link #start}, but every request sleeps exactly {@link SimulatedLlmConfig#latency()}
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

  /** Chat-completion POSTs answered with an error status or an injected malformed body. */
  public long failedCount() {
    return failed.get();
  }

  /** Chat-completion POSTs refused with 429 because they exceeded {@code requestsPerMinute}. */
  public long rateLimitedCount() {
    return rateLimited.get();
  }

  /** Chat-completion POSTs held back by an injected stall (answered late, if at all). */
  public long stalledCount() {
    return stalled.get();
  }

  /** Choices in all 200 responses. */
  public long choicesServed() {
    return choices.get();
  }

  /** The most chat-completion POSTs that were being handled at the same time. */
  public int maxConcurrent() {
    return maxConcurrent.get();
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
    try {
      executor.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void handleCompletions(HttpExchange exchange) throws IOException {
    try (exchange) {
      if (!"POST".equals(exchange.getRequestMethod())) {
        send(exchange, error(405, "method_not_allowed", "Use POST."));
        return;
      }
      requests.incrementAndGet();
      SimulatedReply reply;
      maxConcurrent.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
      try {
        reply = answer(exchange);
      } finally {
        // Before writing, so that a client seeing the response never sees this request in flight.
        inFlight.decrementAndGet();
      }
      if (reply.stalled()) {
        stalled.incrementAndGet();
      } else if (reply.status() == 200 && reply.raw() == null) {
        choices.addAndGet(reply.body().path("choices").size());
        completed.incrementAndGet();
      } else {
        failed.incrementAndGet();
      }
      send(exchange, reply);
    }
  }

  private SimulatedReply answer(HttpExchange exchange) throws IOException {
    if (!authorized(exchange)) {
      return error(401, "invalid_api_key", "Incorrect or missing API key (simulator).");
    }
    if (config.requestsPerMinute() > 0 && !takeRequestToken(exchange)) {
      rateLimited.incrementAndGet();
      SimulatedReply limited =
          error(429, "rate_limit_exceeded", "Requests per minute exceeded (simulator).");
      return new SimulatedReply(429, limited.body(), "1");
    }
    byte[] body;
    try (InputStream in = exchange.getRequestBody()) {
      body = in.readAllBytes();
    }
    JsonNode request;
    try {
      request = MAPPER.readTree(body);
    } catch (IOException e) {
      return error(400, "invalid_request_error", "Body is not JSON.");
    }
    if (request == null || !request.path("messages").isArray()) {
      return error(400, "invalid_request_error", "messages is required.");
    }
    String model = request.path("model").asText("");
    if (!config.model().equals(model)) {
      return error(404, "model_not_found", "The model `" + model + "` does not exist.");
    }
    int n = request.path("n").asInt(1);
    if (n < 1 || n > 128) {
      return error(400, "invalid_request_error", "n must be in 1..128.");
    }
    List<ChatMessage> messages = new ArrayList<>();
    for (JsonNode message : request.path("messages")) {
      messages.add(
          new ChatMessage(message.path("role").asText(""), message.path("content").asText("")));
    }
    Long seed = request.path("seed").isIntegralNumber() ? request.get("seed").asLong() : null;
    Integer maxTokens = maxTokens(request);

    sleepLatency();
    double fault;
    synchronized (faults) {
      fault = faults.nextDouble();
    }
    if (fault < config.failureRate()) {
      return error(500, "server_error", "Injected failure (simulator).");
    }
    if (fault < config.failureRate() + config.rateLimitRate()) {
      SimulatedReply limited =
          error(429, "rate_limit_exceeded", "Injected rate limit (simulator).");
      return new SimulatedReply(429, limited.body(), "1");
    }
    double stallBound = config.failureRate() + config.rateLimitRate() + config.stallRate();
    boolean stall = fault < stallBound;
    if (stall) {
      try {
        Thread.sleep(config.stallFor().toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    } else if (fault < stallBound + config.malformedRate()) {
      return new SimulatedReply(
          200,
          null,
          null,
          "{\"id\":\"chatcmpl-sim-broken\",\"choices\":[{\"index\":0,\"mess",
          false);
    }

    ObjectNode response = MAPPER.createObjectNode();
    response.put("id", "chatcmpl-sim-" + HexFormat.of().toHexDigits(ids.incrementAndGet()));
    response.put("object", "chat.completion");
    response.put("created", Instant.now().getEpochSecond());
    response.put("model", config.model());
    response.put("system_fingerprint", FINGERPRINT);
    if (!config.supportsN()) {
      n = 1; // As servers without n support do: the parameter is ignored.
    }
    ArrayNode choiceArray = response.putArray("choices");
    long completionTokens = 0;
    for (int index = 0; index < n; index++) {
      SimulatedChoice choice = teacher.answer(model, messages, seed, index, maxTokens);
      completionTokens += choice.completionTokens();
      ObjectNode node = choiceArray.addObject();
      node.put("index", index);
      ObjectNode message = node.putObject("message");
      message.put("role", "assistant");
      if (config.thinkTags()) {
        boolean reasoningCut = "length".equals(choice.finishReason()) && choice.content().isEmpty();
        message.put(
            "content",
            "<think>\n"
                + choice.reasoning()
                + (reasoningCut ? "" : "\n</think>\n\n" + choice.content()));
      } else {
        message.put("content", choice.content());
        message.put("reasoning_content", choice.reasoning());
      }
      node.putNull("logprobs");
      node.put("finish_reason", choice.finishReason());
    }
    long promptTokens =
        messages.stream().mapToLong(m -> SimulatedTeacher.countWords(m.content())).sum();
    ObjectNode usage = response.putObject("usage");
    usage.put("prompt_tokens", promptTokens);
    usage.put("completion_tokens", completionTokens);
    usage.put("total_tokens", promptTokens + completionTokens);
    return new SimulatedReply(200, response, null, null, stall);
  }

  private static Integer maxTokens(JsonNode request) {
    for (String field : List.of("max_tokens", "max_completion_tokens")) {
      if (request.path(field).isIntegralNumber()) {
        return request.get(field).asInt();
      }
    }
    return null;
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
      response
          .putArray("data")
          .addObject()
          .put("id", config.model())
          .put("object", "model")
          .put("owned_by", FINGERPRINT);
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

  private void sleepLatency() {
    long meanNanos = config.latency().toNanos();
    if (meanNanos <= 0) {
      return;
    }
    double factor = 1;
    if (!fixedLatency) {
      synchronized (faults) {
        factor = 0.5 + faults.nextDouble();
      }
    }
    try {
      TimeUnit.NANOSECONDS.sleep((long) (meanNanos * factor));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
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

  private static SimulatedReply error(int status, String code, String message) {
    ObjectNode body = MAPPER.createObjectNode();
    body.putObject("error")
        .put("message", message)
        .put("type", status >= 500 ? "server_error" : "invalid_request_error")
        .put("code", code);
    return new SimulatedReply(status, body, null);
  }

  private static void send(HttpExchange exchange, SimulatedReply reply) throws IOException {
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
