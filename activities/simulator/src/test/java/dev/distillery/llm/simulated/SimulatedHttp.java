package dev.distillery.llm.simulated;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Raw HTTP to a {@link SimulatedLlmServer}, so tests see the wire format, not a client's view. */
final class SimulatedHttp {

  static final ObjectMapper MAPPER = new ObjectMapper();

  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private SimulatedHttp() {}

  /** A chat-completions body asking {@code model} one user message. */
  static ObjectNode chatBody(String model, String question) {
    ObjectNode body = MAPPER.createObjectNode().put("model", model);
    body.putArray("messages").addObject().put("role", "user").put("content", question);
    return body;
  }

  static String text(JsonNode json) {
    try {
      return MAPPER.writeValueAsString(json);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** POSTs {@code body} to {@code /chat/completions}. */
  static HttpResponse<String> post(SimulatedLlmServer server, String body)
      throws IOException, InterruptedException {
    return send(
        HttpRequest.newBuilder(URI.create(server.baseUrl() + "/chat/completions"))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
            .build());
  }

  static HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
    return HTTP.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
  }

  /** POSTs {@code body}, requires a 200 and returns the parsed completion. */
  static JsonNode complete(SimulatedLlmServer server, JsonNode body)
      throws IOException, InterruptedException {
    HttpResponse<String> response = post(server, text(body));
    if (response.statusCode() != 200) {
      throw new AssertionError("HTTP " + response.statusCode() + ": " + response.body());
    }
    return MAPPER.readTree(response.body());
  }

  /** The choices of a completion without their {@code index}, to compare across requests. */
  static List<JsonNode> choices(JsonNode completion) {
    List<JsonNode> choices = new ArrayList<>();
    for (JsonNode choice : completion.path("choices")) {
      ObjectNode copy = choice.deepCopy();
      copy.remove("index");
      choices.add(copy);
    }
    return choices;
  }
}
