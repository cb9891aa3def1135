package dev.distillery.llm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.distillery.http.Retrier;
import dev.distillery.http.RetryAfter;
import dev.distillery.http.RetryDecision;
import dev.distillery.http.RetryPolicy;
import dev.distillery.json.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The HTTP plumbing shared by the clients of OpenAI's job APIs (Files, Batch, fine-tuning): every
 * failure an {@link LlmException} naming the API, the route, the endpoint and the status, with the
 * endpoint's own error message when its body has OpenAI's {@code {"error": {...}}} shape. The API
 * key goes into the {@code Authorization} header and never into a message.
 *
 * <p>A request the endpoint answers with a retryable status is retried under the endpoint's {@link
 * EndpointConfig#retryPolicy() RetryPolicy} (honouring {@code Retry-After}), and so is a GET or a
 * cancel that failed without an answer; a POST that timed out or lost its connection is not, as it
 * may have created a file or a batch. Retries stop after {@link #MAX_RETRYING} so that the
 * heartbeating activity calling this is not silenced for long; Temporal retries the rest.
 */
final class OpenAiHttp implements AutoCloseable {

  /** Half the default heartbeat timeout of a stage activity (60 s). */
  static final Duration MAX_RETRYING = Duration.ofSeconds(30);

  private static final ObjectMapper MAPPER = Json.mapper();

  private final EndpointConfig config;
  private final String api;
  private final Retrier retrier;
  private final String base;
  private final ExecutorService executor;
  private final HttpClient http;

  /**
   * @param api what messages call the API, e.g. {@code "Batch API"}
   */
  OpenAiHttp(EndpointConfig config, String api) {
    this.config = Objects.requireNonNull(config, "config");
    this.api = api;
    this.retrier = new Retrier(config.retryPolicy().withMaxElapsed(MAX_RETRYING));
    this.base = config.baseUrl().toString().replaceAll("/+$", "");
    this.executor =
        Executors.newCachedThreadPool(
            runnable -> {
              Thread thread = new Thread(runnable, "llm-jobs-http");
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

  /** The API root without a trailing slash, for messages. */
  String base() {
    return base;
  }

  /** A request to {@code base + route} with the timeout and the API key. */
  HttpRequest.Builder request(String route) {
    HttpRequest.Builder builder =
        HttpRequest.newBuilder(URI.create(base + route)).timeout(config.requestTimeout());
    if (config.hasApiKey()) {
      builder.header("Authorization", "Bearer " + config.apiKey());
    }
    return builder;
  }

  /**
   * Uploads {@code content} to {@code POST /files} as a multipart form with the given {@code
   * purpose} and returns the file's id.
   */
  String upload(HttpRequest.BodyPublisher content, String filename, String purpose)
      throws LlmException, InterruptedException {
    String boundary = "distillery-" + UUID.randomUUID();
    String head =
        "--"
            + boundary
            + "\r\nContent-Disposition: form-data; name=\"purpose\"\r\n\r\n"
            + purpose
            + "\r\n--"
            + boundary
            + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\""
            + filename.replace("\"", "")
            + "\"\r\nContent-Type: application/jsonl\r\n\r\n";
    String tail = "\r\n--" + boundary + "--\r\n";
    HttpRequest request =
        request("/files")
            .header("Content-Type", "multipart/form-data; boundary=" + boundary)
            .POST(
                HttpRequest.BodyPublishers.concat(
                    HttpRequest.BodyPublishers.ofString(head, StandardCharsets.UTF_8),
                    content,
                    HttpRequest.BodyPublishers.ofString(tail, StandardCharsets.UTF_8)))
            .build();
    JsonNode id = json(request, "POST /files").path("id");
    if (!id.isTextual()) {
      throw new LlmException(failure("POST /files", "a 2xx body without an id"), 0, true, null);
    }
    return id.asText();
  }

  /** POSTs {@code body} as JSON to {@code route} and parses the 2xx answer as a JSON object. */
  JsonNode postJson(String route, JsonNode body) throws LlmException, InterruptedException {
    HttpRequest request =
        request(route)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
            .build();
    return json(request, "POST " + route);
  }

  /** Sends {@code request} and parses its 2xx body as a JSON object. */
  JsonNode json(HttpRequest request, String route) throws LlmException, InterruptedException {
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

  /** Sends {@code request}, retrying as the class says, and returns its 2xx body. */
  byte[] send(HttpRequest request, String route) throws LlmException, InterruptedException {
    boolean resendable = request.method().equals("GET") || route.endsWith("/cancel");
    return retrier.call(
        api + " request " + route + " to " + base,
        attempt -> sendOnce(request, route),
        e -> e.status() != 0 || resendable ? e.retryDecision() : RetryDecision.STOP);
  }

  private byte[] sendOnce(HttpRequest request, String route)
      throws LlmException, InterruptedException {
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
    // A 409 to a cancel says the batch or job has already ended, which no retry changes.
    boolean retryable =
        RetryPolicy.retryable(status, OpenAiJson.errorCode(response.body()))
            && !(status == 409 && route.endsWith("/cancel"));
    String body = new String(response.body(), StandardCharsets.UTF_8);
    throw new LlmException(
        failure(route, "HTTP " + status + (retryable ? "" : " (not retryable)"))
            + ". "
            + describe(body)
            + advice(status),
        status,
        retryable,
        RetryAfter.of(response.headers(), Instant.now()),
        null);
  }

  /** The start of every message: the API, the route and the endpoint. */
  String failure(String route, String what) {
    return api + " request " + route + " to " + base + " failed with " + what;
  }

  @Override
  public void close() {
    executor.shutdownNow();
  }

  /**
   * The endpoint's own words for an error body in OpenAI's shape ({@code {"error": {"message",
   * "code", "param"}}}), else the body itself, shortened and with the key redacted.
   */
  private String describe(String body) {
    try {
      JsonNode error = MAPPER.readTree(body).path("error");
      String message = error.path("message").asText("");
      if (!message.isBlank()) {
        StringBuilder text = new StringBuilder("The endpoint says: \"");
        text.append(config.excerpt(message)).append('"');
        if (error.path("code").isTextual()) {
          text.append(" (code ").append(error.get("code").asText());
          if (error.path("param").isTextual()) {
            text.append(", param ").append(error.get("param").asText());
          }
          text.append(')');
        } else if (error.path("param").isTextual()) {
          text.append(" (param ").append(error.get("param").asText()).append(')');
        }
        return text.append('.').toString();
      }
    } catch (IOException | RuntimeException e) {
      // Not JSON: show the body as it is.
    }
    return "Response body: \"" + config.excerpt(body) + "\".";
  }

  private String advice(int status) {
    if (status == 401 || status == 403) {
      return config.apiKeyEnv() != null
          ? " Check that environment variable " + config.apiKeyEnv() + " holds a valid key."
          : " Check the API key configured for this endpoint.";
    }
    if (status == 404) {
      return " Check the id, and that base_url (usually ending in /v1) serves the " + api + ".";
    }
    return "";
  }
}
