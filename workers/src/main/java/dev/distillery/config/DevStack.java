package dev.distillery.config;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Properties;

/**
 * The addresses of a running {@code distill dev} stack, written to {@code
 * $DISTILL_HOME/dev-stack.properties} so that {@code submit}, {@code status} and {@code worker} in
 * another terminal find it without any settings.
 *
 * @param temporalAddress host:port of the Temporal frontend
 * @param s3Endpoint the embedded S3 endpoint
 * @param store the store location on it
 * @param simulatorUrl the simulated LLM's base URL
 */
public record DevStack(
    String temporalAddress, URI s3Endpoint, StoreLocation store, URI simulatorUrl) {
  private static final String FILE = "dev-stack.properties";

  public void write(Path home) throws IOException {
    Files.createDirectories(home);
    Properties p = new Properties();
    p.setProperty("temporal", temporalAddress);
    p.setProperty("s3", s3Endpoint.toString());
    p.setProperty("store", store.toString());
    p.setProperty("simulator", simulatorUrl.toString());
    try (Writer w = Files.newBufferedWriter(home.resolve(FILE))) {
      p.store(w, "written by distill dev; removed when it stops");
    }
  }

  public static void delete(Path home) throws IOException {
    Files.deleteIfExists(home.resolve(FILE));
  }

  /** The dev stack recorded under {@code home}, if its Temporal port answers. */
  public static Optional<DevStack> findRunning(Path home) {
    Path file = home.resolve(FILE);
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    try (Reader r = Files.newBufferedReader(file)) {
      Properties p = new Properties();
      p.load(r);
      DevStack stack =
          new DevStack(
              p.getProperty("temporal"),
              URI.create(p.getProperty("s3")),
              StoreLocation.parse(p.getProperty("store")),
              URI.create(p.getProperty("simulator")));
      String[] hostPort = stack.temporalAddress().split(":");
      try (Socket socket = new Socket()) {
        socket.connect(new InetSocketAddress(hostPort[0], Integer.parseInt(hostPort[1])), 500);
      }
      return Optional.of(stack);
    } catch (IOException | RuntimeException | ConfigException e) {
      return Optional.empty();
    }
  }
}
