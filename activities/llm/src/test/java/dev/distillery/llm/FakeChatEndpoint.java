package dev.distillery.llm;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * A chat endpoint over real HTTP that answers each request with a scripted reply (every route under
 * {@code /v1}, so also embeddings and the Batch API when a test scripts their bodies): for
 * malformed-response cases the simulator does not produce, for replies that must be a known
 * function of the request (a judge's verdicts), and for statuses and headers as a gateway sends
 * them.
 */
public final class FakeChatEndpoint implements AutoCloseable {

  /** A scripted reply: status, extra response headers and body. */
  public record Reply(int status, Map<String, String> headers, String body) {
    public static Reply ok(String body) {
      return new Reply(200, Map.of(), body);
    }

    /** A 429 that asks the client to wait {@code seconds} before it retries. */
    public static Reply tooManyRequests(String seconds, String body) {
      return new Reply(429, Map.of("Retry-After", seconds), body);
    }
  }

  private final HttpServer server;
  private final AtomicInteger requests = new AtomicInteger();

  /** Plays back {@code bodies} with status 200, one per request, repeating the last one. */
  public FakeChatEndpoint(List<String> bodies) throws IOException {
    this((Request request) -> Reply.ok(bodies.get(Math.min(request.index(), bodies.size() - 1))));
  }

  /** Answers each request body with {@code respond.apply(requestBody)} and status 200. */
  public FakeChatEndpoint(Function<String, String> respond) throws IOException {
    this((Request request) -> Reply.ok(respond.apply(request.body())));
  }

  /** One request as the endpoint saw it: its body and its number, from 0. */
  public record Request(String body, int index) {}

  /** Decides the reply to each request. */
  @FunctionalInterface
  public interface Responder {
    Reply reply(Request request);
  }

  /** Answers each request with {@code respond.reply(request)}; handlers run concurrently. */
  public static FakeChatEndpoint replying(Responder respond) throws IOException {
    return new FakeChatEndpoint(respond);
  }

  private FakeChatEndpoint(Responder respond) throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
    server.createContext(
        "/v1",
        exchange -> {
          try (exchange) {
            String request =
                new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            Reply reply = respond.reply(new Request(request, requests.getAndIncrement()));
            byte[] bytes = reply.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            reply.headers().forEach(exchange.getResponseHeaders()::set);
            exchange.sendResponseHeaders(reply.status(), bytes.length == 0 ? -1 : bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
              out.write(bytes);
            }
          }
        });
    server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
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
