package dev.distillery.llm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.distillery.json.Json;
import java.io.FileNotFoundException;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A client for the OpenAI-compatible fine-tuning API (OpenAI's, and the hosts that copy it): upload
 * a training file ({@code POST /files}, {@code purpose=fine-tune}), create a job ({@code POST
 * /fine_tuning/jobs}), retrieve it, cancel it and read its events.
 *
 * <p>Each method makes one HTTP request, retried only briefly under the endpoint's {@link
 * EndpointConfig#retryPolicy() RetryPolicy} (see {@code OpenAiHttp}), so that a caller polling on
 * durable timers decides when to try again after that: a failure is an {@link LlmException} naming
 * the endpoint, the route, the status and the endpoint's own error message, {@link
 * LlmException#retryable() retryable} for 408, 409, 429, 5xx and I/O errors and not for other
 * statuses. A 404 for a job id is a {@link FineTuneJobNotFoundException}: the endpoint has lost the
 * job, and the caller should create it again. The API key of the {@link EndpointConfig} never
 * appears in messages or logs.
 */
public final class OpenAiFineTuneClient implements AutoCloseable {

  /** The {@code purpose} of uploaded training files. */
  public static final String PURPOSE = "fine-tune";

  private static final ObjectMapper MAPPER = Json.mapper();

  private final OpenAiHttp http;

  /** A client for {@code config}'s base URL, API key and retries; its concurrency is unused. */
  public OpenAiFineTuneClient(EndpointConfig config) {
    this.http = new OpenAiHttp(config, "Fine-tuning API");
  }

  /**
   * Uploads a JSONL training file, one chat example ({@code {"messages": [...]}}) per line, and
   * returns the file's id.
   */
  public String uploadTrainingFile(byte[] jsonl, String filename)
      throws LlmException, InterruptedException {
    return http.upload(HttpRequest.BodyPublishers.ofByteArray(jsonl), filename, PURPOSE);
  }

  /** Uploads the JSONL training file at {@code path}, streaming it, and returns the file's id. */
  public String uploadTrainingFile(Path path, String filename)
      throws LlmException, InterruptedException {
    HttpRequest.BodyPublisher content;
    try {
      content = HttpRequest.BodyPublishers.ofFile(path);
    } catch (FileNotFoundException e) {
      throw new IllegalArgumentException("no training file at " + path, e);
    }
    return http.upload(content, filename, PURPOSE);
  }

  /** Creates a fine-tuning job; it starts {@code validating_files} or {@code queued}. */
  public FineTuneJob create(FineTuneRequest request) throws LlmException, InterruptedException {
    ObjectNode body = MAPPER.createObjectNode();
    body.put("model", request.model());
    body.put("training_file", request.trainingFile());
    if (request.suffix() != null) {
      body.put("suffix", request.suffix());
    }
    if (request.seed() != null) {
      body.put("seed", request.seed());
    }
    if (request.nEpochs() != null
        || request.batchSize() != null
        || request.learningRateMultiplier() != null) {
      ObjectNode hyperparameters = body.putObject("hyperparameters");
      if (request.nEpochs() != null) {
        hyperparameters.put("n_epochs", request.nEpochs());
      }
      if (request.batchSize() != null) {
        hyperparameters.put("batch_size", request.batchSize());
      }
      if (request.learningRateMultiplier() != null) {
        hyperparameters.put("learning_rate_multiplier", request.learningRateMultiplier());
      }
    }
    return toJob(http.postJson("/fine_tuning/jobs", body));
  }

  /**
   * The job's current state.
   *
   * @throws FineTuneJobNotFoundException when the endpoint does not know {@code id}
   */
  public FineTuneJob retrieve(String id) throws LlmException, InterruptedException {
    String route = jobRoute(id, "");
    return toJob(onJob(id, () -> http.json(http.request(route).GET().build(), "GET " + route)));
  }

  /**
   * Cancels the job; returns its state, {@code cancelled} (or on its way there).
   *
   * @throws FineTuneJobNotFoundException when the endpoint does not know {@code id}
   */
  public FineTuneJob cancel(String id) throws LlmException, InterruptedException {
    String route = jobRoute(id, "/cancel");
    HttpRequest post = http.request(route).POST(HttpRequest.BodyPublishers.noBody()).build();
    return toJob(onJob(id, () -> http.json(post, "POST " + route)));
  }

  /**
   * The messages of the job's latest {@code limit} events, newest first as the API lists them (e.g.
   * {@code "Step 40/120: training loss=0.41"}).
   *
   * @throws FineTuneJobNotFoundException when the endpoint does not know {@code id}
   */
  public List<String> events(String id, int limit) throws LlmException, InterruptedException {
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be >= 1, was " + limit);
    }
    String route = jobRoute(id, "/events") + "?limit=" + limit;
    JsonNode list = onJob(id, () -> http.json(http.request(route).GET().build(), "GET " + route));
    List<String> messages = new ArrayList<>();
    for (JsonNode event : list.path("data")) {
      messages.add(event.path("message").asText(""));
    }
    return messages;
  }

  /** Shuts down the client's threads. */
  @Override
  public void close() {
    http.close();
  }

  /** A request about one job. */
  private interface JobCall {
    JsonNode call() throws LlmException, InterruptedException;
  }

  /** Runs {@code call}, turning a 404 into a {@link FineTuneJobNotFoundException}. */
  private JsonNode onJob(String id, JobCall call) throws LlmException, InterruptedException {
    try {
      return call.call();
    } catch (LlmException e) {
      if (e.status() != 404) {
        throw e;
      }
      throw new FineTuneJobNotFoundException(
          id,
          "Fine-tuning job "
              + id
              + " is not known to "
              + http.base()
              + ": the endpoint has lost it (a restarted server) or it belongs to another"
              + " account, so create the job again. ("
              + e.getMessage()
              + ")",
          e);
    }
  }

  private static String jobRoute(String id, String rest) {
    if (id == null || id.isBlank()) {
      throw new IllegalArgumentException("a fine-tuning job id is required");
    }
    return "/fine_tuning/jobs/" + URLEncoder.encode(id, StandardCharsets.UTF_8) + rest;
  }

  private static FineTuneJob toJob(JsonNode json) {
    return new FineTuneJob(
        text(json, "id"),
        text(json, "status"),
        text(json, "model"),
        text(json, "fine_tuned_model"),
        text(json, "training_file"),
        errorMessage(json.path("error")),
        json.path("trained_tokens").asLong(0));
  }

  /**
   * {@code message (code CODE, param PARAM)}, or null for no error ({@code null} or {@code {}}).
   */
  private static String errorMessage(JsonNode error) {
    String message = text(error, "message");
    String code = text(error, "code");
    if ((message == null || message.isBlank()) && code == null) {
      return null;
    }
    StringBuilder text = new StringBuilder(message == null ? "no message" : message);
    if (code != null) {
      text.append(" (code ").append(code);
      String param = text(error, "param");
      if (param != null) {
        text.append(", param ").append(param);
      }
      text.append(')');
    }
    return text.toString();
  }

  private static String text(JsonNode json, String field) {
    JsonNode value = json.path(field);
    return value.isTextual() ? value.asText() : null;
  }
}
