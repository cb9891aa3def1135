package dev.distillery.llm;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.distillery.http.RetryPolicy;
import dev.distillery.json.Json;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A client for the OpenAI-compatible Files and Batch APIs, for chat completions: upload a JSONL
 * file of requests, create a batch from it, poll it, and read its output and error files.
 *
 * <p>Each method makes one HTTP request, retried briefly under the endpoint's {@link
 * EndpointConfig#retryPolicy() RetryPolicy} (see {@code OpenAiHttp}): a failure is an {@link
 * LlmException} naming the endpoint, the route and the status, {@link LlmException#retryable()
 * retryable} for {@link RetryPolicy#retryableStatus} (408, 409, 429, 5xx) and I/O errors and not
 * for other statuses (400, 401, 403, 404...). The API key of the {@link EndpointConfig} never
 * appears in messages or logs.
 */
public final class OpenAiBatchClient implements AutoCloseable {

  /** The endpoint batches are created for, and the {@code url} of every request line. */
  public static final String CHAT_COMPLETIONS = "/v1/chat/completions";

  private static final ObjectMapper MAPPER = Json.mapper();

  private final OpenAiHttp http;
  private final String base;

  /** A client for {@code config}'s base URL, API key and retries; its concurrency is unused. */
  public OpenAiBatchClient(EndpointConfig config) {
    this.http = new OpenAiHttp(config, "Batch API");
    this.base = http.base();
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
    return http.upload(HttpRequest.BodyPublishers.ofByteArray(jsonl), filename, "batch");
  }

  /** Creates a 24-hour chat-completions batch from an uploaded input file. */
  public BatchJob create(String inputFileId) throws LlmException, InterruptedException {
    ObjectNode body = MAPPER.createObjectNode();
    body.put("input_file_id", inputFileId);
    body.put("endpoint", CHAT_COMPLETIONS);
    body.put("completion_window", "24h");
    return toJob(http.postJson("/batches", body));
  }

  /** The batch's current state. */
  public BatchJob retrieve(String batchId) throws LlmException, InterruptedException {
    String route = "/batches/" + batchId;
    return toJob(http.json(http.request(route).GET().build(), "GET " + route));
  }

  /** Asks the endpoint to cancel the batch; returns its state, usually {@code cancelling}. */
  public BatchJob cancel(String batchId) throws LlmException, InterruptedException {
    String route = "/batches/" + batchId + "/cancel";
    HttpRequest request = http.request(route).POST(HttpRequest.BodyPublishers.noBody()).build();
    return toJob(http.json(request, "POST " + route));
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
        new String(
            http.send(http.request(route).GET().build(), "GET " + route), StandardCharsets.UTF_8);
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
    http.close();
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
}
