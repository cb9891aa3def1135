package dev.distillery.stages;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * An OpenAI-compatible chat endpoint over real HTTP whose reply to each request is a fixed function
 * of the request's last user message, for judge tests that need known verdicts.
 */
final class FakeJudgeEndpoint implements AutoCloseable {
  private final HttpServer server;
  private final AtomicInteger requests = new AtomicInteger();

  /** Serves {@code reply.apply(lastUserMessage)} as the content of every completion. */
  FakeJudgeEndpoint(Function<String, String> reply) throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
    server.createContext(
        "/v1/chat/completions",
        exchange -> {
          try (exchange) {
            requests.incrementAndGet();
            JsonNode request = Rows.JSON.readTree(exchange.getRequestBody());
            String prompt = "";
            for (JsonNode message : request.path("messages")) {
              if ("user".equals(message.path("role").asText())) {
                prompt = message.path("content").asText();
              }
            }
            ObjectNode body = Rows.JSON.createObjectNode();
            ObjectNode choice = body.putArray("choices").addObject();
            choice.put("index", 0).put("finish_reason", "stop");
            choice
                .putObject("message")
                .put("role", "assistant")
                .put("content", reply.apply(prompt));
            body.putObject("usage").put("prompt_tokens", 10).put("completion_tokens", 5);
            byte[] bytes = Rows.JSON.writeValueAsBytes(body);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
              out.write(bytes);
            }
          }
        });
    server.start();
  }

  URI baseUrl() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/v1");
  }

  int requestCount() {
    return requests.get();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
