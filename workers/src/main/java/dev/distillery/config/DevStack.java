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
 * The addresses of the embedded stack running for a {@code DISTILL_HOME}, written to {@code
 * $DISTILL_HOME/dev-stack.properties} by the process that runs it. A {@code distill dev} stack
 * ({@link #DEV}) serves {@code submit}, {@code status}, {@code worker} and {@code artifacts} in
 * other terminals without any settings; a {@code run}'s stack ({@link #RUN}) lives only as long as
 * its sweep, so other commands only read through it ({@code status} sees the sweep live).
 *
 * @param temporalAddress host:port of the Temporal frontend
 * @param s3Endpoint the embedded S3 endpoint
 * @param store the store location on it
 * @param simulatorUrl the simulated LLM's base URL; null when the stack has none to share
 * @param owner {@link #DEV} or {@link #RUN}
 */
public record DevStack(
    String temporalAddress, URI s3Endpoint, StoreLocation store, URI simulatorUrl, String owner) {
  private static final String FILE = "dev-stack.properties";

  /** A {@code distill dev} stack: long-lived, for any command. */
  public static final String DEV = "dev";

  /** The stack of a {@code run} (or {@code resume}): for reading while it lasts. */
  public static final String RUN = "run";

  /** A {@code distill dev} stack. */
  public DevStack(String temporalAddress, URI s3Endpoint, StoreLocation store, URI simulatorUrl) {
    this(temporalAddress, s3Endpoint, store, simulatorUrl, DEV);
  }

  public boolean isDev() {
    return DEV.equals(owner);
  }

  public void write(Path home) throws IOException {
    Files.createDirectories(home);
    Properties p = new Properties();
    p.setProperty("temporal", temporalAddress);
    p.setProperty("s3", s3Endpoint.toString());
    p.setProperty("store", store.toString());
    if (simulatorUrl != null) {
      p.setProperty("simulator", simulatorUrl.toString());
    }
    p.setProperty("owner", owner);
    // Written aside and renamed into place: a reader never sees half a file.
    Path partial = home.resolve(FILE + ".partial");
    try (Writer w = Files.newBufferedWriter(partial)) {
      p.store(w, "written by distill " + owner + "; removed when it stops");
    }
    Files.move(
        partial,
        home.resolve(FILE),
        java.nio.file.StandardCopyOption.REPLACE_EXISTING,
        java.nio.file.StandardCopyOption.ATOMIC_MOVE);
  }

  public static void delete(Path home) throws IOException {
    Files.deleteIfExists(home.resolve(FILE));
  }

  /** The {@code distill dev} stack recorded under {@code home}, if its Temporal port answers. */
  public static Optional<DevStack> findRunning(Path home) {
    return findAnyRunning(home).filter(DevStack::isDev);
  }

  /**
   * The stack recorded under {@code home}, a {@code dev}'s or a {@code run}'s, if its Temporal port
   * answers.
   */
  public static Optional<DevStack> findAnyRunning(Path home) {
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
              p.getProperty("simulator") == null ? null : URI.create(p.getProperty("simulator")),
              p.getProperty("owner", DEV));
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
