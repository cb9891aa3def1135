package dev.distillery.training;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A model served by a command on this machine for as long as evaluation needs it, for example
 * {@code vllm serve {model} --port {port}}: started in its own process group on a free loopback
 * port, ready once {@code GET /health} (vLLM) or {@code GET /v1/models} (any OpenAI-compatible
 * server) answers 200, stopped with everything it started by {@link #close}.
 */
public final class ServedModel implements AutoCloseable {
  /** How long the server has between SIGTERM and SIGKILL when it is stopped. */
  public static final Duration STOP_GRACE = Duration.ofSeconds(15);

  private static final List<String> HEALTH_PATHS = List.of("/health", "/v1/models");
  private static final Duration POLL = Duration.ofMillis(250);

  private final ProcessTree tree;
  private final URI baseUrl;
  private final BufferedWriter log;
  private boolean closed;

  private ServedModel(ProcessTree tree, URI baseUrl, BufferedWriter log) {
    this.tree = tree;
    this.baseUrl = baseUrl;
    this.log = log;
  }

  /**
   * Starts {@code commandTemplate} with {@code {model}} and {@code {port}} filled in (shell-quoted
   * when needed), in the log file's folder, and waits until it is healthy. Its merged stdout and
   * stderr go to {@code logFile} (replaced; flushed line by line) and to {@code listener}, which is
   * called on a thread of the server's own.
   *
   * @throws IOException when the command cannot start, exits before it is healthy, or is not
   *     healthy within {@code healthTimeout}; the message holds the last lines of its log, and the
   *     command is stopped
   * @throws InterruptedException when the calling thread is interrupted; the command is stopped
   */
  public static ServedModel start(
      String commandTemplate,
      String model,
      Path logFile,
      Duration healthTimeout,
      TrainingListener listener)
      throws IOException, InterruptedException {
    int port = freePort();
    String command =
        ShellTemplate.fill(commandTemplate, Map.of("model", model, "port", Integer.toString(port)));
    Path parent = logFile.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    BufferedWriter log = Files.newBufferedWriter(logFile, StandardCharsets.UTF_8);
    LogTail tail = new LogTail(CommandTrainer.LOG_TAIL_LINES);
    CountDownLatch ended = new CountDownLatch(1);
    Path workDir = parent == null ? Path.of("").toAbsolutePath() : parent;
    ProcessTree tree;
    try {
      tree =
          ProcessTree.start(
              command,
              workDir,
              Map.of(),
              line -> {
                tail.add(line);
                write(log, line);
                listener.line(line);
              },
              ended::countDown);
    } catch (IOException e) {
      log.close();
      throw new IOException("The serve command '" + command + "' could not start: " + e, e);
    }
    ServedModel served = new ServedModel(tree, URI.create("http://127.0.0.1:" + port), log);
    try {
      served.awaitHealthy(command, healthTimeout, tail, ended);
      return served;
    } catch (IOException | InterruptedException | RuntimeException e) {
      served.close();
      throw e;
    }
  }

  /** Where the server answers: {@code http://127.0.0.1:{port}}. */
  public URI baseUrl() {
    return baseUrl;
  }

  /** The server's shell process (for tests). */
  long pid() {
    return tree.pid();
  }

  /** Stops the server and everything it started (SIGTERM, SIGKILL after {@link #STOP_GRACE}). */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    tree.stop(STOP_GRACE);
    try {
      log.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void awaitHealthy(String command, Duration timeout, LogTail tail, CountDownLatch ended)
      throws IOException, InterruptedException {
    HttpClient http =
        HttpClient.newBuilder()
            .proxy(HttpClient.Builder.NO_PROXY)
            .connectTimeout(Duration.ofSeconds(1))
            .build();
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      if (!tree.isAlive()) {
        int exitCode = tree.waitFor();
        ended.await(2, TimeUnit.SECONDS);
        throw new IOException(
            "The serve command '"
                + command
                + "' exited with code "
                + exitCode
                + " before it answered a health check. Its last lines:\n"
                + tail.indented());
      }
      for (String path : HEALTH_PATHS) {
        if (answers(http, baseUrl.resolve(path))) {
          return;
        }
      }
      if (System.nanoTime() >= deadline) {
        throw new IOException(
            "The serve command '"
                + command
                + "' did not answer GET "
                + String.join(" or ", HEALTH_PATHS)
                + " on "
                + baseUrl
                + " with 200 within "
                + timeout.toSeconds()
                + " s; raise the health timeout if it loads slowly. Its last lines:\n"
                + tail.indented());
      }
      Thread.sleep(POLL.toMillis());
    }
  }

  private static boolean answers(HttpClient http, URI uri) throws InterruptedException {
    HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(2)).GET().build();
    try {
      return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
    } catch (IOException e) {
      return false;
    }
  }

  private static void write(BufferedWriter log, String line) {
    try {
      synchronized (log) {
        log.write(line);
        log.newLine();
        log.flush();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
