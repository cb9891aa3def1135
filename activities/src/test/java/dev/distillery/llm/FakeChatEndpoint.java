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
import java.util.function.Function;

/**
 * A chat endpoint over real HTTP that answers each request with a scripted 200 body: for
 * malformed-response cases the simulator does not produce, and for replies that must be a known
 * function of the request (a judge's verdicts).
 */
public final class FakeChatEndpoint implements AutoCloseable {

  private final HttpServer server;
  private final AtomicInteger requests = new AtomicInteger();

  /** Plays back {@code bodies}, one per request, repeating the last one. */
  public FakeChatEndpoint(List<String> bodies) throws IOException {
    this(request -> null, bodies);
  }

  /** Answers each request body with {@code respond.apply(requestBody)}. */
  public FakeChatEndpoint(Function<String, String> respond) throws IOException {
    this(respond, List.of());
  }

  private FakeChatEndpoint(Function<String, String> respond, List<String> bodies)
      throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
    server.createContext(
        "/v1/chat/completions",
        exchange -> {
          try (exchange) {
            String request =
                new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            int index = requests.getAndIncrement();
            String body =
                bodies.isEmpty()
                    ? respond.apply(request)
                    : bodies.get(Math.min(index, bodies.size() - 1));
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

  public URI baseUrl() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/v1");
  }

  public int requestCount() {
    return requests.get();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
