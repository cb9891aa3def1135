package dev.distillery.llm;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A client for the OpenAI-compatible Files and Batch APIs, for chat completions: upload a JSONL
 * file of requests, create a batch from it, poll it, and read its output and error files.
 *
 * <p>Each method makes one HTTP request and does not retry: a failure is an {@link LlmException}
 * naming the endpoint, the route and the status, {@link LlmException#retryable() retryable} for
 * 408, 429, 5xx and I/O errors and not for other statuses (400, 401, 403, 404, 409...). The API key
 * of the {@link EndpointConfig} never appears in messages or logs.
 */
public final class OpenAiBatchClient implements AutoCloseable {

  /** The endpoint batches are created for, and the {@code url} of every request line. */
  public static final String CHAT_COMPLETIONS = "/v1/chat/completions";

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final EndpointConfig config;
  private final String base;
  private final ExecutorService executor;
  private final HttpClient http;

  /** A client for {@code config}'s base URL and API key; its concurrency and retries are unused. */
  public OpenAiBatchClient(EndpointConfig config) {
    this.config = Objects.requireNonNull(config, "config");
    this.base = config.baseUrl().toString().replaceAll("/+$", "");
    this.executor =
        Executors.newCachedThreadPool(
            runnable -> {
              Thread thread = new Thread(runnable, "llm-batch-http");
              thread.setDaemon(true);
              return thread;
            });
    this.http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(config.requestTimeout())
            .followRedirects(HttpClient.Redirect.NEVER)
            .executor(executor)
            .build();
  }

  /** The JSONL batch input for {@code lines}, one request per line. */
  public static byte[] encodeRequests(List<BatchRequestLine> lines) {
    StringBuilder jsonl = new StringBuilder();
    for (BatchRequestLine line : lines) {
      ObjectNode node = MAPPER.createObjectNode();
      node.put("custom_id", line.customId());
      node.put("method", "POST");
      node.put("url", CHAT_COMPLETIONS);
      node.set("body", OpenAiJson.requestNode(line.request()));
      try {
        jsonl.append(MAPPER.writeValueAsString(node)).append('\n');
      } catch (JsonProcessingException e) {
        throw new IllegalStateException("cannot encode a batch request", e);
      }
    }
    return jsonl.toString().getBytes(StandardCharsets.UTF_8);
  }

  /** Uploads {@code lines} as a batch input file and returns the file's id. */
  public String uploadRequests(List<BatchRequestLine> lines)
      throws LlmException, InterruptedException {
    if (lines.isEmpty()) {
      throw new IllegalArgumentException("a batch needs at least one request");
    }
    return uploadJsonl(encodeRequests(lines), "distillery-batch.jsonl");
  }

  /** Uploads a JSONL batch input file ({@code purpose=batch}) and returns the file's id. */
  public String uploadJsonl(byte[] jsonl, String filename)
      throws LlmException, InterruptedException {
    String boundary = "distillery-" + UUID.randomUUID();
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    body.writeBytes(
        ("--"
                + boundary
                + "\r\nContent-Disposition: form-data; name=\"purpose\"\r\n\r\nbatch\r\n--"
                + boundary
                + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\""
                + filename.replace("\"", "")
                + "\"\r\nContent-Type: application/jsonl\r\n\r\n")
            .getBytes(StandardCharsets.UTF_8));
    body.writeBytes(jsonl);
    body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
    HttpRequest request =
        request("/files")
            .header("Content-Type", "multipart/form-data; boundary=" + boundary)
            .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()))
            .build();
    return text(json(request, "POST /files"), "id");
  }

  /** Creates a 24-hour chat-completions batch from an uploaded input file. */
  public BatchJob create(String inputFileId) throws LlmException, InterruptedException {
    ObjectNode body = MAPPER.createObjectNode();
    body.put("input_file_id", inputFileId);
    body.put("endpoint", CHAT_COMPLETIONS);
    body.put("completion_window", "24h");
    HttpRequest request =
        request("/batches")
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
            .build();
    return toJob(json(request, "POST /batches"));
  }

  /** The batch's current state. */
  public BatchJob retrieve(String batchId) throws LlmException, InterruptedException {
    String route = "/batches/" + batchId;
    return toJob(json(request(route).GET().build(), "GET " + route));
  }

  /** Asks the endpoint to cancel the batch; returns its state, usually {@code cancelling}. */
  public BatchJob cancel(String batchId) throws LlmException, InterruptedException {
    String route = "/batches/" + batchId + "/cancel";
    HttpRequest request = request(route).POST(HttpRequest.BodyPublishers.noBody()).build();
    return toJob(json(request, "POST " + route));
  }

  /**
   * Polls the batch every {@code interval} until it is {@link BatchJob#terminal() terminal}.
   *
   * @throws LlmException (retryable) when it is not terminal after {@code timeout}, or when a poll
   *     fails
   */
  public BatchJob awaitTerminal(String batchId, Duration interval, Duration timeout)
      throws LlmException, InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      BatchJob job = retrieve(batchId);
      if (job.terminal()) {
        return job;
      }
      if (System.nanoTime() - deadline >= 0) {
        throw new LlmException(
            "Batch " + batchId + " at " + base + " is still " + job.status() + " after " + timeout,
            0,
            true,
            null);
      }
      Thread.sleep(interval.toMillis());
    }
  }

  /** The results in the batch's output file and then its error file; none while it has neither. */
  public List<BatchResultLine> results(BatchJob job) throws LlmException, InterruptedException {
    List<BatchResultLine> all = new ArrayList<>();
    if (job.outputFileId() != null) {
      all.addAll(results(job.outputFileId()));
    }
    if (job.errorFileId() != null) {
      all.addAll(results(job.errorFileId()));
    }
    return all;
  }

  /**
   * Downloads and parses an output or error file. Completions are decoded as the online client
   * decodes them ({@code reasoning_content} or {@code <think>} blocks, finish reason, usage); an
   * empty answer that stopped normally becomes a {@code malformed_response} failure.
   */
  public List<BatchResultLine> results(String fileId) throws LlmException, InterruptedException {
    String route = "/files/" + fileId + "/content";
    String content =
        new String(send(request(route).GET().build(), "GET " + route), StandardCharsets.UTF_8);
    List<BatchResultLine> lines = new ArrayList<>();
    int number = 0;
    for (String line : content.split("\n")) {
      number++;
      if (line.isBlank()) {
        continue;
      }
      try {
        lines.add(toResult(MAPPER.readTree(line)));
      } catch (JsonProcessingException e) {
        throw new LlmException(
            "Line " + number + " of batch file " + fileId + " at " + base + " is not JSON",
            0,
            false,
            e);
      }
    }
    return lines;
  }

  /** Shuts down the client's threads. */
  @Override
  public void close() {
    executor.shutdownNow();
  }

  private static BatchResultLine toResult(JsonNode line) {
    String customId = line.path("custom_id").asText(null);
    JsonNode error = line.path("error");
    if (error.isObject()) {
      return new BatchResultLine(
          customId, null, error.path("code").asText("error"), error.path("message").asText(""));
    }
    JsonNode response = line.path("response");
    int status = response.path("status_code").asInt(0);
    JsonNode body = response.path("body");
    if (status != 200) {
      JsonNode bodyError = body.path("error");
      return new BatchResultLine(
          customId,
          null,
          bodyError.path("code").isTextual() ? bodyError.get("code").asText() : "http_" + status,
          bodyError.path("message").asText("HTTP " + status));
    }
    try {
      ChatResponse decoded = OpenAiJson.decodeResponse(body, 1, 0, 1);
      OpenAiJson.requireAnswers(decoded);
      return new BatchResultLine(customId, decoded, null, null);
    } catch (MalformedResponseException e) {
      return new BatchResultLine(customId, null, "malformed_response", e.getMessage());
    }
  }

  private static BatchJob toJob(JsonNode json) {
    JsonNode counts = json.path("request_counts");
    return new BatchJob(
        text(json, "id"),
        text(json, "status"),
        text(json, "input_file_id"),
        text(json, "output_file_id"),
        text(json, "error_file_id"),
        counts.path("total").asInt(0),
        counts.path("completed").asInt(0),
        counts.path("failed").asInt(0));
  }

  private static String text(JsonNode json, String field) {
    JsonNode value = json.path(field);
    return value.isTextual() ? value.asText() : null;
  }

  private HttpRequest.Builder request(String route) {
    HttpRequest.Builder builder =
        HttpRequest.newBuilder(URI.create(base + route)).timeout(config.requestTimeout());
    if (config.hasApiKey()) {
      builder.header("Authorization", "Bearer " + config.apiKey());
    }
    return builder;
  }

  private JsonNode json(HttpRequest request, String route)
      throws LlmException, InterruptedException {
    byte[] body = send(request, route);
    try {
      JsonNode json = MAPPER.readTree(body);
      if (json == null || !json.isObject()) {
        throw new LlmException(
            failure(route, "a 2xx body that is not a JSON object"), 0, true, null);
      }
      return json;
    } catch (IOException e) {
      throw new LlmException(failure(route, "a 2xx body that is not JSON"), 0, true, e);
    }
  }

  private byte[] send(HttpRequest request, String route) throws LlmException, InterruptedException {
    HttpResponse<byte[]> response;
    try {
      response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
    } catch (HttpTimeoutException e) {
      throw new LlmException(
          failure(route, "a timeout after " + config.requestTimeout()), 0, true, e);
    } catch (IOException e) {
      throw new LlmException(
          failure(
              route,
              "I/O error " + e.getClass().getSimpleName() + ": " + config.redact(e.getMessage())),
          0,
          true,
          e);
    }
    int status = response.statusCode();
    if (status >= 200 && status < 300) {
      return response.body();
    }
    boolean retryable = status == 408 || status == 429 || status >= 500;
    String body = new String(response.body(), StandardCharsets.UTF_8);
    throw new LlmException(
        failure(route, "HTTP " + status + (retryable ? "" : " (not retryable)"))
            + ". Response body: \""
            + config.excerpt(body)
            + "\"."
            + advice(status),
        status,
        retryable,
        null);
  }

  private String failure(String route, String what) {
    return "Batch API request " + route + " to " + base + " failed with " + what;
  }

  private String advice(int status) {
    if (status == 401 || status == 403) {
      return config.apiKeyEnv() != null
          ? " Check that environment variable " + config.apiKeyEnv() + " holds a valid key."
          : " Check the API key configured for this endpoint.";
    }
    if (status == 404) {
      return " Check the id, and that base_url (usually ending in /v1) serves the Batch API.";
    }
    return "";
  }
}
