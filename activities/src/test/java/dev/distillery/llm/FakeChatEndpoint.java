package dev.distillery.llm;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A chat endpoint that plays back scripted 200 bodies, one per request, repeating the last one; for
 * malformed-response cases the simulator does not produce.
 */
final class FakeChatEndpoint implements AutoCloseable {

  private final HttpServer server;
  private final AtomicInteger requests = new AtomicInteger();

  FakeChatEndpoint(List<String> bodies) throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
    server.createContext(
        "/v1/chat/completions",
        exchange -> {
          try (exchange) {
            exchange.getRequestBody().readAllBytes();
            int index = requests.getAndIncrement();
            String body = bodies.get(Math.min(index, bodies.size() - 1));
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, bytes.length == 0 ? -1 : bytes.length);
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
