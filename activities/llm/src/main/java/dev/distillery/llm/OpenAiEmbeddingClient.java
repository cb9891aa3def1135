package dev.distillery.llm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.distillery.http.Retrier;
import dev.distillery.http.RetryAfter;
import dev.distillery.http.RetryPolicy;
import dev.distillery.json.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Calls an OpenAI-compatible {@code /embeddings} endpoint (OpenAI, vLLM, text-embeddings-inference
 * behind an OpenAI-compatible router). Retries what {@link RetryPolicy#retryableStatus} names, I/O
 * errors and malformed bodies as the config's {@link EndpointConfig#retryPolicy() RetryPolicy}
 * says, honouring {@code Retry-After}.
 */
public final class OpenAiEmbeddingClient implements AutoCloseable {
  private static final ObjectMapper MAPPER = Json.mapper();

  private final EndpointConfig config;
  private final String url;
  private final HttpClient http;
  private final Retrier retrier;

  public OpenAiEmbeddingClient(EndpointConfig config) {
    this.config = Objects.requireNonNull(config, "config");
    this.retrier = new Retrier(config.retryPolicy());
    this.url = config.baseUrl().toString().replaceAll("/+$", "") + "/embeddings";
    this.http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(config.requestTimeout())
            .build();
  }

  /** The embeddings of {@code texts} by {@code model}, in order. */
  public List<float[]> embed(String model, List<String> texts)
      throws LlmException, InterruptedException {
    ObjectNode body = MAPPER.createObjectNode().put("model", model);
    texts.forEach(body.putArray("input")::add);
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(url))
            .timeout(config.requestTimeout())
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body.toString()));
    if (config.hasApiKey()) {
      request.header("Authorization", "Bearer " + config.apiKey());
    }
    HttpRequest built = request.build();
    return retrier.call(
        "Embeddings request to " + url,
        attempt -> parse(send(built), texts.size()),
        LlmException::retryDecision);
  }

  private byte[] send(HttpRequest request) throws LlmException, InterruptedException {
    HttpResponse<byte[]> response;
    try {
      response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      throw new LlmException(
          "Embeddings request to " + url + " failed: " + config.redact(String.valueOf(e)),
          0,
          true,
          e);
    }
    int status = response.statusCode();
    if (status >= 200 && status < 300) {
      return response.body();
    }
    boolean retryable = RetryPolicy.retryable(status, OpenAiJson.errorCode(response.body()));
    throw new LlmException(
        "Embeddings request to "
            + url
            + " failed with HTTP "
            + status
            + (retryable ? "" : " (not retried)")
            + ". Response body: \""
            + config.excerpt(new String(response.body(), StandardCharsets.UTF_8))
            + "\". Check base_url (it usually ends in /v1) and that the endpoint serves the"
            + " embedding model.",
        status,
        retryable,
        RetryAfter.of(response.headers(), Instant.now()),
        null);
  }

  private List<float[]> parse(byte[] body, int expected) throws LlmException {
    try {
      JsonNode data = MAPPER.readTree(body).path("data");
      float[][] out = new float[expected][];
      for (JsonNode item : data) {
        int index = item.path("index").asInt(-1);
        JsonNode values = item.path("embedding");
        if (index < 0 || index >= expected || !values.isArray()) {
          throw new IOException("an item without a valid index or embedding");
        }
        out[index] = new float[values.size()];
        for (int i = 0; i < values.size(); i++) {
          out[index][i] = (float) values.get(i).asDouble();
        }
      }
      List<float[]> list = new ArrayList<>();
      for (float[] v : out) {
        if (v == null) {
          throw new IOException("fewer embeddings than inputs");
        }
        list.add(v);
      }
      return list;
    } catch (IOException e) {
      throw new LlmException(
          "Embeddings response from " + url + " is malformed: " + e.getMessage(), 0, true, e);
    }
  }

  @Override
  public void close() {
    // The JDK client has no close before Java 21; its threads are daemons.
  }
}
