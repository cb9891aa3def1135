package dev.distillery.embedded;

import dev.distillery.config.ConfigException;
import dev.distillery.config.TemporalCli;
import dev.distillery.workflow.DistillSearchAttributes;
import io.temporal.api.enums.v1.IndexedValueType;
import io.temporal.common.SearchAttributeKey;
import io.temporal.testing.TemporalDevServer;
import io.temporal.testing.TemporalDevServerOptions;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * An installed Temporal CLI's dev server ({@code temporal server start-dev}) run by the Java SDK's
 * {@link TemporalDevServer}, as the embedded Temporal when a CLI is found ({@link TemporalCli}):
 * bound to 127.0.0.1, with the Web UI on a port of its own, its state in a SQLite file under {@code
 * DISTILL_HOME} (so workflows and their histories survive restarts, and list queries work) and
 * Distillery's search attributes registered at start. The CLI is never downloaded.
 */
public final class EmbeddedDevServer implements AutoCloseable {
  /** The folder under {@code DISTILL_HOME} with the server's database and log. */
  public static final String FOLDER = "temporal";

  private final TemporalDevServer server;
  private final URI ui;
  private final Thread stopOnExit;

  private EmbeddedDevServer(TemporalDevServer server, URI ui) {
    this.server = server;
    this.ui = ui;
    // A JVM stopped by a signal may end before its stack closes: the CLI must not outlive it.
    this.stopOnExit = new Thread(server::close, "stop-temporal-dev-server");
    Runtime.getRuntime().addShutdownHook(stopOnExit);
  }

  /**
   * Starts the CLI's dev server for namespace {@code namespace} on {@code port} (0 picks a free
   * one); the UI is on {@code port + 1000} as the CLI's default is, or any free port when that is
   * taken.
   *
   * @throws ConfigException when the CLI does not start a server, naming its log
   */
  public static EmbeddedDevServer start(Path cli, Path home, String namespace, int port)
      throws ConfigException, IOException {
    Path folder = home.resolve(FOLDER);
    Files.createDirectories(folder);
    int uiPort =
        port > 0 && port + 1000 <= 65_535 && isFree(port + 1000) ? port + 1000 : freePort();
    TemporalDevServerOptions options = options(cli, folder, port, uiPort);
    try {
      return new EmbeddedDevServer(
          TemporalDevServer.start(namespace, options), URI.create("http://127.0.0.1:" + uiPort));
    } catch (RuntimeException e) {
      String first = String.valueOf(e.getMessage()).lines().findFirst().orElse("");
      throw new ConfigException(
          "the Temporal CLI "
              + cli
              + " did not start a dev server ("
              + first
              + "); its output is in "
              + options.getLogFile()
              + ". Fix or update the CLI, or set "
              + TemporalCli.SETTING
              + "="
              + TemporalCli.TEST_SERVER
              + " to use the in-process test server (no Web UI).");
    }
  }

  /** The options {@link #start} runs the CLI with. */
  static TemporalDevServerOptions options(Path cli, Path folder, int port, int uiPort) {
    List<String> extra = new ArrayList<>();
    for (SearchAttributeKey<?> key : DistillSearchAttributes.ALL) {
      extra.add("--search-attribute");
      extra.add(key.getName() + "=" + cliType(key.getValueType()));
    }
    return TemporalDevServerOptions.newBuilder()
        .setExistingPath(cli.toString())
        .setDownloadEnabled(false)
        .setIp("127.0.0.1")
        .setPort(port > 0 ? port : null)
        .setUiPort(uiPort)
        .setDatabaseFilename(folder.resolve("dev-server.db").toString())
        .setLogFile(folder.resolve("dev-server.log").toString())
        .setStartupTimeout(Duration.ofSeconds(60))
        .setExtraArgs(extra)
        .build();
  }

  /** The CLI's name of a search attribute type: {@code KEYWORD_LIST} is {@code KeywordList}. */
  static String cliType(IndexedValueType type) {
    StringBuilder name = new StringBuilder();
    for (String part : type.name().replace("INDEXED_VALUE_TYPE_", "").split("_")) {
      name.append(part.charAt(0)).append(part.substring(1).toLowerCase(Locale.ROOT));
    }
    return name.toString();
  }

  private static boolean isFree(int port) {
    try (ServerSocket socket = new ServerSocket()) {
      socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 0, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  /** {@code 127.0.0.1:<port>}, as {@code TEMPORAL_ADDRESS} would be written. */
  public String address() {
    return server.getTarget();
  }

  /** The Web UI, e.g. {@code http://127.0.0.1:8233}. */
  public URI ui() {
    return ui;
  }

  @Override
  public void close() {
    try {
      Runtime.getRuntime().removeShutdownHook(stopOnExit);
    } catch (IllegalStateException e) {
      // The JVM is shutting down: the hook stops the server, and so does this.
    }
    server.close();
  }
}
