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
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The simulator's OpenAI-compatible fine-tuning API, {@code /v1/fine_tuning/jobs}: create (on a
 * file uploaded with {@code purpose=fine-tune}), list, retrieve, cancel and list events. A job is a
 * simulation that trains nothing: it is {@code validating_files}, {@code queued} and {@code
 * running} over {@link SimulatedLlmConfig#fineTuneDuration()}, reports a few {@code "Step k/N:
 * training loss=..."} events, and succeeds with a model whose accuracy its training data decides
 * ({@link SimulatedFineTunedModel}); an invalid training file fails it with {@code error: {code,
 * message, param}}. Jobs say they are simulated: {@code organization_id} is {@value
 * SimulatedLlmServer#FINGERPRINT}, ids start {@code ftjob-sim}, model ids hold {@code sim-acc}.
 *
 * <p>Jobs live in memory: a restarted simulator answers 404 for an earlier instance's job id, but
 * still serves the models earlier instances trained, since a model's id carries its accuracy. Job
 * ids are random, so an earlier instance's id never names a later instance's job.
 */
final class SimulatedFineTuning implements AutoCloseable {

  /** The {@code purpose} of training files. */
  static final String PURPOSE = "fine-tune";

  /** The most step events a job reports, however many steps it has. */
  static final int STEP_EVENTS = 10;

  private static final ObjectMapper MAPPER = Json.mapper();
  private static final String PREFIX = "/v1/fine_tuning/jobs";

  private final SimulatedLlmConfig config;
  private final Predicate<HttpExchange> authorized;
  private final Function<String, SimulatedFile> files;
  private final ScheduledExecutorService scheduler;
  private final Map<String, SimulatedFineTuneJob> jobs = new ConcurrentHashMap<>();
  private final AtomicLong created = new AtomicLong();

  /**
   * @param authorized whether an exchange carries the required API key
   * @param files the Files API's files by id
   */
  SimulatedFineTuning(
      SimulatedLlmConfig config,
      Predicate<HttpExchange> authorized,
      Function<String, SimulatedFile> files) {
    this.config = config;
    this.authorized = authorized;
    this.files = files;
    this.scheduler =
        Executors.newSingleThreadScheduledExecutor(
            runnable -> {
              Thread thread = new Thread(runnable, "simulated-fine-tuning");
              thread.setDaemon(true);
              return thread;
            });
  }

  /** Jobs created through {@code POST /v1/fine_tuning/jobs}, whatever their outcome. */
  long jobsCreated() {
    return created.get();
  }

  @Override
  public void close() {
    scheduler.shutdownNow();
  }

  void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      if (!authorized.test(exchange)) {
        SimulatedLlmServer.send(exchange, SimulatedBatchApi.unauthorized());
        return;
      }
      if (!exchange.getRequestURI().getPath().startsWith(PREFIX)) {
        SimulatedLlmServer.send(
            exchange, SimulatedBatchApi.notFound("route", exchange.getRequestURI().getPath()));
        return;
      }
      String[] path = SimulatedBatchApi.subPath(exchange, PREFIX);
      String method = exchange.getRequestMethod();
      SimulatedReply reply;
      if (path.length == 0) {
        reply = "POST".equals(method) ? create(exchange) : list();
      } else if (!jobs.containsKey(path[0])) {
        reply =
            SimulatedLlmServer.error(
                404,
                "fine_tuning_job_not_found",
                "No fine-tuning job '" + path[0] + "' (simulator; jobs do not survive a restart).",
                "fine_tuning_job_id");
      } else if (path.length == 1) {
        reply =
            "GET".equals(method)
                ? SimulatedBatchApi.ok(jobs.get(path[0]).toJson())
                : SimulatedBatchApi.methodNotAllowed("GET");
      } else if (path.length == 2 && "cancel".equals(path[1])) {
        reply =
            "POST".equals(method)
                ? cancel(jobs.get(path[0]))
                : SimulatedBatchApi.methodNotAllowed("POST");
      } else if (path.length == 2 && "events".equals(path[1])) {
        reply =
            "GET".equals(method)
                ? events(exchange, jobs.get(path[0]))
                : SimulatedBatchApi.methodNotAllowed("GET");
      } else {
        reply = SimulatedBatchApi.notFound("route", String.join("/", path));
      }
      SimulatedLlmServer.send(exchange, reply);
    }
  }

  private SimulatedReply create(HttpExchange exchange) throws IOException {
    JsonNode request;
    try (InputStream in = exchange.getRequestBody()) {
      request = MAPPER.readTree(in.readAllBytes());
    } catch (JsonProcessingException e) {
      return invalid("The body is not JSON.", null);
    }
    if (request == null || !request.isObject()) {
      return invalid("The body must be a JSON object.", null);
    }
    String model = request.path("model").asText("");
    if (model.isBlank()) {
      return invalid("Missing required parameter: 'model'.", "model");
    }
    String fileId = request.path("training_file").asText("");
    SimulatedFile file = files.apply(fileId);
    if (file == null) {
      return invalid("Invalid file id: '" + fileId + "' does not exist.", "training_file");
    }
    if (!PURPOSE.equals(file.purpose())) {
      return invalid(
          "File '" + fileId + "' has purpose '" + file.purpose() + "', not '" + PURPOSE + "'.",
          "training_file");
    }
    JsonNode suffixNode = request.path("suffix");
    String suffix = suffixNode.isTextual() ? suffixNode.asText() : null;
    if (suffix != null && (suffix.length() > 64 || !suffix.matches("[A-Za-z0-9._-]*"))) {
      return invalid(
          "suffix must be at most 64 letters, digits, '.', '_' or '-' (simulator).", "suffix");
    }
    JsonNode hyperparameters = request.path("hyperparameters");
    if (!hyperparameters.isObject()) {
      // The newer request shape: method.supervised.hyperparameters.
      hyperparameters = request.path("method").path("supervised").path("hyperparameters");
    }
    ObjectNode requested = MAPPER.createObjectNode();
    for (String name : List.of("n_epochs", "batch_size", "learning_rate_multiplier")) {
      JsonNode value = hyperparameters.path(name);
      boolean integer = !"learning_rate_multiplier".equals(name);
      if (value.isMissingNode() || value.isNull() || "auto".equals(value.asText())) {
        requested.put(name, "auto");
      } else if (integer ? value.isIntegralNumber() && value.asInt() >= 1 : value.asDouble() > 0) {
        requested.set(name, value);
      } else {
        return invalid(
            name + " must be 'auto' or a positive " + (integer ? "integer" : "number") + ".",
            "hyperparameters." + name);
      }
    }
    String hash = hash(request, file.bytes());
    long seed =
        request.path("seed").isIntegralNumber()
            ? request.get("seed").asLong()
            : Long.parseLong(hash.substring(0, 7), 16);
    SimulatedTrainingFile data = null;
    String problem = null;
    try {
      data = SimulatedTrainingFile.parse(file.bytes());
    } catch (IllegalArgumentException e) {
      problem = e.getMessage();
    }
    SimulatedFineTuneJob job =
        new SimulatedFineTuneJob(
            "ftjob-sim" + UUID.randomUUID().toString().replace("-", "").substring(0, 20),
            model,
            fileId,
            suffix,
            seed,
            requested,
            data,
            problem,
            hash.substring(0, 8));
    jobs.put(job.id(), job);
    created.incrementAndGet();
    ObjectNode json = job.toJson(); // As created, however soon the scheduler moves it on.
    schedule(job);
    return SimulatedBatchApi.ok(json);
  }

  /**
   * Validation ends at a tenth of the duration, training starts at two tenths, step events are
   * spread over the rest and the job succeeds at the end.
   */
  private void schedule(SimulatedFineTuneJob job) {
    long nanos = config.fineTuneDuration().toNanos();
    scheduler.schedule(job::validated, nanos / 10, TimeUnit.NANOSECONDS);
    scheduler.schedule(job::started, nanos / 5, TimeUnit.NANOSECONDS);
    int total = job.totalSteps();
    int reports = Math.min(STEP_EVENTS, total);
    for (int i = 1; i <= reports; i++) {
      int step = (int) ((long) total * i / reports);
      long at = nanos / 5 + (nanos - nanos / 5) * i / (reports + 1);
      scheduler.schedule(() -> job.step(step, total), at, TimeUnit.NANOSECONDS);
    }
    scheduler.schedule(job::succeed, nanos, TimeUnit.NANOSECONDS);
  }

  private SimulatedReply cancel(SimulatedFineTuneJob job) {
    if (!job.cancel()) {
      return invalid(
          "Job " + job.id() + " has already " + job.status() + " and cannot be cancelled.", null);
    }
    return SimulatedBatchApi.ok(job.toJson());
  }

  private static SimulatedReply events(HttpExchange exchange, SimulatedFineTuneJob job) {
    int limit = 20;
    String query = exchange.getRequestURI().getQuery();
    for (String pair : query == null ? new String[0] : query.split("&")) {
      if (pair.startsWith("limit=")) {
        try {
          limit = Integer.parseInt(pair.substring("limit=".length()));
        } catch (NumberFormatException e) {
          limit = 0;
        }
        if (limit < 1 || limit > 100) {
          return invalid("limit must be an integer in 1..100.", "limit");
        }
      }
    }
    return SimulatedBatchApi.ok(job.eventsJson(limit));
  }

  private SimulatedReply list() {
    ObjectNode json = MAPPER.createObjectNode();
    json.put("object", "list");
    ArrayNode data = json.putArray("data");
    jobs.values().forEach(job -> data.add(job.toJson()));
    json.put("has_more", false);
    return SimulatedBatchApi.ok(json);
  }

  /** A hex SHA-256 of the request's settings and the training file's bytes. */
  private static String hash(JsonNode request, byte[] trainingFile) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      for (String field : List.of("model", "suffix", "seed", "hyperparameters", "method")) {
        digest.update(request.path(field).toString().getBytes(StandardCharsets.UTF_8));
        digest.update((byte) 0);
      }
      digest.update(trainingFile);
      return HexFormat.of().formatHex(digest.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is always available", e);
    }
  }

  private static SimulatedReply invalid(String message, String param) {
    return SimulatedLlmServer.error(400, "invalid_request_error", message, param);
  }
}
