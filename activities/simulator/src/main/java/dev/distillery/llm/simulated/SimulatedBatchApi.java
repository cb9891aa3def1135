package dev.distillery.llm.simulated;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import dev.distillery.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The simulator's OpenAI-compatible Files and Batch APIs ({@code /v1/files}, {@code /v1/batches})
 * for chat completions; its files also hold the training files of {@link SimulatedFineTuning}.
 * Batch requests are answered as the online route answers them without faults; only {@link
 * SimulatedLlmConfig#batchExpireRate()} can leave some unprocessed.
 *
 * <p>It is long because it serves two OpenAI APIs, Files and Batch, with their request checks and
 * error bodies.
 */
final class SimulatedBatchApi implements AutoCloseable {

  static final String ENDPOINT = "/v1/chat/completions";

  private static final ObjectMapper MAPPER = Json.mapper();
  private static final Pattern BOUNDARY = Pattern.compile("boundary=\"?([^\";]+)\"?");
  private static final Pattern DISPOSITION_FIELD = Pattern.compile("(\\w+)=\"([^\"]*)\"");

  private final SimulatedLlmConfig config;
  private final Predicate<HttpExchange> authorized;
  private final Function<JsonNode, SimulatedReply> answer;
  private final ScheduledExecutorService scheduler;
  private final Map<String, SimulatedFile> files = new ConcurrentHashMap<>();
  private final Map<String, SimulatedBatch> batches = new ConcurrentHashMap<>();
  private final Map<String, Integer> servedByCustomId = new ConcurrentHashMap<>();
  private final AtomicLong ids = new AtomicLong();
  private final AtomicLong created = new AtomicLong();
  private final AtomicLong served = new AtomicLong();

  /**
   * @param authorized whether an exchange carries the required API key
   * @param answer the fault-free answer to one chat request body
   */
  SimulatedBatchApi(
      SimulatedLlmConfig config,
      Predicate<HttpExchange> authorized,
      Function<JsonNode, SimulatedReply> answer) {
    this.config = config;
    this.authorized = authorized;
    this.answer = answer;
    this.scheduler =
        Executors.newSingleThreadScheduledExecutor(
            runnable -> {
              Thread thread = new Thread(runnable, "simulated-batches");
              thread.setDaemon(true);
              return thread;
            });
  }

  long batchesCreated() {
    return created.get();
  }

  long requestsServed() {
    return served.get();
  }

  Map<String, Integer> servedByCustomId() {
    return Map.copyOf(servedByCustomId);
  }

  /** The uploaded or output file {@code id}, or null. */
  SimulatedFile file(String id) {
    return files.get(id);
  }

  @Override
  public void close() {
    scheduler.shutdownNow();
  }

  void handleFiles(HttpExchange exchange) throws IOException {
    try (exchange) {
      if (!authorized.test(exchange)) {
        SimulatedLlmServer.send(exchange, unauthorized());
        return;
      }
      String[] path = subPath(exchange, "/v1/files");
      String method = exchange.getRequestMethod();
      if (path.length == 0 && "POST".equals(method)) {
        SimulatedLlmServer.send(exchange, upload(exchange));
      } else if (path.length == 0) {
        SimulatedLlmServer.send(exchange, methodNotAllowed("POST"));
      } else if (!"GET".equals(method)) {
        SimulatedLlmServer.send(exchange, methodNotAllowed("GET"));
      } else if (!files.containsKey(path[0]) || path.length > 2) {
        SimulatedLlmServer.send(exchange, notFound("File", path[0]));
      } else if (path.length == 2 && "content".equals(path[1])) {
        sendBytes(exchange, files.get(path[0]).bytes());
      } else if (path.length == 1) {
        SimulatedLlmServer.send(exchange, ok(fileJson(files.get(path[0]))));
      } else {
        SimulatedLlmServer.send(exchange, notFound("route", String.join("/", path)));
      }
    }
  }

  void handleBatches(HttpExchange exchange) throws IOException {
    try (exchange) {
      if (!authorized.test(exchange)) {
        SimulatedLlmServer.send(exchange, unauthorized());
        return;
      }
      String[] path = subPath(exchange, "/v1/batches");
      String method = exchange.getRequestMethod();
      SimulatedReply reply;
      if (path.length == 0) {
        reply = "POST".equals(method) ? create(exchange) : list();
      } else if (!batches.containsKey(path[0]) || path.length > 2) {
        reply = notFound("Batch", path[0]);
      } else if (path.length == 1) {
        reply = "GET".equals(method) ? ok(batches.get(path[0]).toJson()) : methodNotAllowed("GET");
      } else if ("cancel".equals(path[1])) {
        reply = "POST".equals(method) ? cancel(batches.get(path[0])) : methodNotAllowed("POST");
      } else {
        reply = notFound("route", String.join("/", path));
      }
      SimulatedLlmServer.send(exchange, reply);
    }
  }

  private SimulatedReply upload(HttpExchange exchange) throws IOException {
    String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
    Matcher boundary = BOUNDARY.matcher(contentType == null ? "" : contentType);
    if (contentType == null || !contentType.startsWith("multipart/form-data") || !boundary.find()) {
      return invalid("Uploads must be multipart/form-data with a boundary.");
    }
    byte[] body;
    try (InputStream in = exchange.getRequestBody()) {
      body = in.readAllBytes();
    }
    // ISO-8859-1 maps bytes to chars one to one, so the file part comes back byte for byte.
    String text = new String(body, StandardCharsets.ISO_8859_1);
    String purpose = null;
    String filename = null;
    byte[] content = null;
    for (String part : text.split("--" + Pattern.quote(boundary.group(1)))) {
      int split = part.indexOf("\r\n\r\n");
      if (split < 0) {
        continue;
      }
      Map<String, String> fields = new HashMap<>();
      Matcher field = DISPOSITION_FIELD.matcher(part.substring(0, split));
      while (field.find()) {
        fields.put(field.group(1), field.group(2));
      }
      String value = part.substring(split + 4);
      value = value.endsWith("\r\n") ? value.substring(0, value.length() - 2) : value;
      if ("purpose".equals(fields.get("name"))) {
        purpose = value.trim();
      } else if ("file".equals(fields.get("name"))) {
        filename = fields.getOrDefault("filename", "upload.jsonl");
        content = value.getBytes(StandardCharsets.ISO_8859_1);
      }
    }
    if (!"batch".equals(purpose) && !SimulatedFineTuning.PURPOSE.equals(purpose)) {
      return invalid(
          "purpose must be 'batch' or '"
              + SimulatedFineTuning.PURPOSE
              + "' (simulator), was '"
              + purpose
              + "'.");
    }
    if (content == null) {
      return invalid("A 'file' part is required.");
    }
    SimulatedFile file = store(filename, purpose, content);
    return ok(fileJson(file));
  }

  private SimulatedReply create(HttpExchange exchange) throws IOException {
    JsonNode request;
    try (InputStream in = exchange.getRequestBody()) {
      request = MAPPER.readTree(in.readAllBytes());
    } catch (JsonProcessingException e) {
      return invalid("Body is not JSON.");
    }
    if (request == null || !request.isObject()) {
      return invalid("Body must be a JSON object.");
    }
    String inputFileId = request.path("input_file_id").asText("");
    if (!ENDPOINT.equals(request.path("endpoint").asText(""))) {
      return invalid("endpoint must be " + ENDPOINT + " (simulator).");
    }
    if (!"24h".equals(request.path("completion_window").asText(""))) {
      return invalid("completion_window must be 24h.");
    }
    SimulatedFile input = files.get(inputFileId);
    if (input == null || !"batch".equals(input.purpose())) {
      return invalid("input_file_id '" + inputFileId + "' is not an uploaded batch file.");
    }
    ArrayNode errors = MAPPER.createArrayNode();
    List<JsonNode> lines = parseInput(input.bytes(), errors);
    long ordinal = created.incrementAndGet();
    SimulatedBatch batch =
        new SimulatedBatch(
            "batch_sim_" + Long.toHexString(ids.incrementAndGet()),
            inputFileId,
            ENDPOINT,
            errors.isEmpty() ? lines : List.of(),
            ordinal <= config.batchesThatExpire());
    batches.put(batch.id(), batch);
    if (!errors.isEmpty()) {
      batch.fail(errors);
    } else {
      long nanos = config.batchDuration().toNanos();
      scheduler.schedule(batch::start, nanos / 10, TimeUnit.NANOSECONDS);
      scheduler.schedule(() -> process(batch), nanos, TimeUnit.NANOSECONDS);
    }
    return ok(batch.toJson());
  }

  /** The input lines, or none with {@code errors} filled when the file is not a valid batch. */
  private static List<JsonNode> parseInput(byte[] bytes, ArrayNode errors) {
    List<JsonNode> lines = new ArrayList<>();
    Set<String> customIds = new HashSet<>();
    String[] raw = new String(bytes, StandardCharsets.UTF_8).split("\n");
    for (int number = 1; number <= raw.length; number++) {
      String text = raw[number - 1].strip();
      if (text.isEmpty()) {
        continue;
      }
      String problem;
      JsonNode line = null;
      try {
        line = MAPPER.readTree(text);
        String customId = line.path("custom_id").asText("");
        if (customId.isEmpty()) {
          problem = "custom_id is required.";
        } else if (!customIds.add(customId)) {
          problem = "custom_id '" + customId + "' is used more than once.";
        } else if (!"POST".equals(line.path("method").asText(""))) {
          problem = "method must be POST.";
        } else if (!ENDPOINT.equals(line.path("url").asText(""))) {
          problem = "url must be " + ENDPOINT + ", the batch's endpoint.";
        } else if (!line.path("body").isObject()) {
          problem = "body must be a JSON object.";
        } else {
          problem = null;
        }
      } catch (JsonProcessingException e) {
        problem = "line is not JSON.";
      }
      if (problem != null) {
        errors
            .addObject()
            .put("code", "invalid_request")
            .put("message", problem)
            .putNull("param")
            .put("line", number);
      } else {
        lines.add(line);
      }
    }
    if (lines.isEmpty() && errors.isEmpty()) {
      errors
          .addObject()
          .put("code", "empty_file")
          .put("message", "The input file has no requests.")
          .putNull("param")
          .putNull("line");
    }
    return lines;
  }

  private void process(SimulatedBatch batch) {
    batch.start(); // In case the batch duration is too short for the earlier step to have run.
    if (!"in_progress".equals(batch.status())) {
      return;
    }
    StringBuilder output = new StringBuilder();
    StringBuilder errors = new StringBuilder();
    int succeeded = 0;
    int unsuccessful = 0;
    boolean expired = false;
    for (JsonNode line : batch.lines()) {
      String customId = line.get("custom_id").asText();
      ObjectNode result = MAPPER.createObjectNode();
      result.put("id", "batch_req_sim_" + Long.toHexString(ids.incrementAndGet()));
      result.put("custom_id", customId);
      if (batch.mayExpire() && expires(customId)) {
        expired = true;
        unsuccessful++;
        result.putNull("response");
        result
            .putObject("error")
            .put("code", "batch_expired")
            .put("message", "This request could not be executed before the completion window.");
        errors.append(jsonLine(result));
        continue;
      }
      SimulatedReply reply = answer.apply(line.get("body"));
      served.incrementAndGet();
      servedByCustomId.merge(customId, 1, Integer::sum);
      result
          .putObject("response")
          .put("status_code", reply.status())
          .put("request_id", "req_sim_" + Long.toHexString(ids.incrementAndGet()))
          .set("body", reply.body());
      result.putNull("error");
      if (reply.status() == 200) {
        succeeded++;
        output.append(jsonLine(result));
      } else {
        unsuccessful++;
        errors.append(jsonLine(result));
      }
    }
    String outputId = output.length() == 0 ? null : output(batch, "output", output);
    String errorId = errors.length() == 0 ? null : output(batch, "error", errors);
    batch.finish(expired ? "expired" : "completed", outputId, errorId, succeeded, unsuccessful);
  }

  /** Whether {@code customId} is among the {@code batchExpireRate} share left unprocessed. */
  private boolean expires(String customId) {
    double rate = config.batchExpireRate();
    long seed = config.faultSeed() * 0x9E3779B97F4A7C15L + customId.hashCode();
    return rate > 0 && new SplittableRandom(seed).nextDouble() < rate;
  }

  private SimulatedReply cancel(SimulatedBatch batch) {
    if (!batch.cancel()) {
      return SimulatedLlmServer.error(409, "batch_not_cancellable", "The batch has already ended.");
    }
    scheduler.execute(batch::cancelled);
    return ok(batch.toJson());
  }

  private SimulatedReply list() {
    ObjectNode json = MAPPER.createObjectNode();
    json.put("object", "list");
    ArrayNode data = json.putArray("data");
    batches.values().forEach(batch -> data.add(batch.toJson()));
    json.put("has_more", false);
    return ok(json);
  }

  private String output(SimulatedBatch batch, String kind, StringBuilder lines) {
    String name = batch.id() + "_" + kind + ".jsonl";
    return store(name, "batch_output", lines.toString().getBytes(StandardCharsets.UTF_8)).id();
  }

  private SimulatedFile store(String filename, String purpose, byte[] bytes) {
    SimulatedFile file =
        new SimulatedFile(
            "file-sim-" + Long.toHexString(ids.incrementAndGet()),
            filename,
            purpose,
            bytes,
            Instant.now().getEpochSecond());
    files.put(file.id(), file);
    return file;
  }

  private static ObjectNode fileJson(SimulatedFile file) {
    ObjectNode json = MAPPER.createObjectNode();
    json.put("id", file.id());
    json.put("object", "file");
    json.put("bytes", file.bytes().length);
    json.put("created_at", file.createdAt());
    json.put("filename", file.filename());
    json.put("purpose", file.purpose());
    json.put("status", "processed");
    return json;
  }

  private static String jsonLine(JsonNode node) {
    try {
      return MAPPER.writeValueAsString(node) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot encode a batch line", e);
    }
  }

  static String[] subPath(HttpExchange exchange, String prefix) {
    String rest = exchange.getRequestURI().getPath().substring(prefix.length());
    return rest.replaceAll("^/+|/+$", "").isEmpty()
        ? new String[0]
        : rest.replaceAll("^/+|/+$", "").split("/");
  }

  private static void sendBytes(HttpExchange exchange, byte[] bytes) throws IOException {
    exchange.getResponseHeaders().set("Content-Type", "application/octet-stream");
    exchange.sendResponseHeaders(200, bytes.length == 0 ? -1 : bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  static SimulatedReply ok(JsonNode body) {
    return new SimulatedReply(200, body, null);
  }

  private static SimulatedReply invalid(String message) {
    return SimulatedLlmServer.error(400, "invalid_request_error", message);
  }

  static SimulatedReply notFound(String kind, String id) {
    return SimulatedLlmServer.error(404, "not_found", "No such " + kind + ": '" + id + "'.");
  }

  static SimulatedReply methodNotAllowed(String allowed) {
    return SimulatedLlmServer.error(405, "method_not_allowed", "Use " + allowed + ".");
  }

  static SimulatedReply unauthorized() {
    return SimulatedLlmServer.error(
        401, "invalid_api_key", "Incorrect or missing API key (simulator).");
  }
}
