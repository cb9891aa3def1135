package dev.distillery.download;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A local HTTP file server for download tests: serves one file at every path with an ETag and
 * Last-Modified, honours {@code Range: bytes=N-} (with {@code If-Range}) and {@code If-None-Match},
 * can cut the next response off mid-body, can turn the next requests away with a status and a
 * {@code Retry-After}, redirects {@code /redirect/...} to another base URL, and records every
 * request.
 */
public final class RangeFileServer implements AutoCloseable {
  /** One request as the server saw it. */
  public record Seen(String path, String range, String authorization, int status) {}

  private static final Pattern RANGE = Pattern.compile("bytes=(\\d+)-");

  private final HttpServer server;
  private final List<Seen> seen = new ArrayList<>();
  private final Map<String, byte[]> files = new ConcurrentHashMap<>();
  private volatile byte[] content;
  private volatile String etag = "\"v1\"";
  private volatile int cutAfter = -1;
  private volatile String redirectTo;
  private final Queue<String[]> refusals = new ConcurrentLinkedQueue<>();

  public RangeFileServer(byte[] content) throws IOException {
    this.content = content;
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", this::handle);
    server.start();
  }

  /** The base URL, {@code http://127.0.0.1:<port>}. */
  public URI base() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  /** Serves {@code bytes} under a new ETag from now on. */
  public void replace(byte[] bytes, String newEtag) {
    content = bytes;
    etag = newEtag;
  }

  /** Serves {@code bytes} at exactly {@code path}, 404 for paths not registered once any is. */
  public void put(String path, byte[] bytes) {
    files.put(path, bytes);
  }

  /** Cuts the next body off after {@code bytes} bytes, closing the connection. */
  public void cutNextAfter(int bytes) {
    cutAfter = bytes;
  }

  /**
   * Answers the next request with {@code status} and {@code Retry-After: retryAfter} (if not null).
   */
  public void refuseNext(int status, String retryAfter) {
    refusals.add(new String[] {Integer.toString(status), retryAfter});
  }

  /** Redirects {@code /redirect/<rest>} to {@code <base>/<rest>}. */
  public void redirectTo(URI base) {
    redirectTo = base.toString();
  }

  public synchronized List<Seen> seen() {
    return List.copyOf(seen);
  }

  private void handle(HttpExchange exchange) throws IOException {
    String path = exchange.getRequestURI().getPath();
    String range = exchange.getRequestHeaders().getFirst("Range");
    String auth = exchange.getRequestHeaders().getFirst("Authorization");
    String[] refusal = refusals.poll();
    if (refusal != null) {
      if (refusal[1] != null) {
        exchange.getResponseHeaders().add("Retry-After", refusal[1]);
      }
      respond(exchange, path, range, auth, Integer.parseInt(refusal[0]), -1);
      exchange.close();
      return;
    }
    if (redirectTo != null && path.startsWith("/redirect/")) {
      exchange.getResponseHeaders().add("Location", redirectTo + path.substring(9));
      respond(exchange, path, range, auth, 302, -1);
      exchange.close();
      return;
    }
    byte[] body = files.isEmpty() ? content : files.get(path);
    if (body == null) {
      respond(exchange, path, range, auth, 404, -1);
      exchange.close();
      return;
    }
    exchange.getResponseHeaders().add("ETag", etag);
    exchange.getResponseHeaders().add("Last-Modified", "Tue, 15 Nov 1994 08:12:31 GMT");
    if (etag.equals(exchange.getRequestHeaders().getFirst("If-None-Match"))) {
      respond(exchange, path, range, auth, 304, -1);
      exchange.close();
      return;
    }
    int start = 0;
    String ifRange = exchange.getRequestHeaders().getFirst("If-Range");
    Matcher m = range == null ? null : RANGE.matcher(range);
    if (m != null && m.matches() && (ifRange == null || ifRange.equals(etag))) {
      start = Integer.parseInt(m.group(1));
      if (start >= body.length) {
        exchange.getResponseHeaders().add("Content-Range", "bytes */" + body.length);
        respond(exchange, path, range, auth, 416, -1);
        exchange.close();
        return;
      }
      exchange
          .getResponseHeaders()
          .add("Content-Range", "bytes " + start + "-" + (body.length - 1) + "/" + body.length);
    }
    int status = start > 0 ? 206 : 200;
    int length = body.length - start;
    respond(exchange, path, range, auth, status, length);
    OutputStream out = exchange.getResponseBody();
    int cut = cutAfter;
    if (cut >= 0) {
      cutAfter = -1;
      out.write(body, start, Math.min(cut, length));
      out.flush();
      // Closing short of the announced length makes the server drop the connection.
      try {
        exchange.close();
      } catch (RuntimeException e) {
        // expected: insufficient bytes written
      }
      return;
    }
    out.write(body, start, length);
    exchange.close();
  }

  private void respond(
      HttpExchange exchange, String path, String range, String auth, int status, long length)
      throws IOException {
    synchronized (this) {
      seen.add(new Seen(path, range, auth, status));
    }
    exchange.sendResponseHeaders(status, length);
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
