package dev.distillery.stages.files;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Comparator;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * An in-process, in-memory DuckDB database for reading and writing Parquet. Results stream through
 * JDBC rather than being materialized; extensions are never downloaded (parquet and json are built
 * into the driver); memory is capped and anything that spills goes to a temp directory of this
 * connection, deleted on {@link #close()}.
 */
final class DuckDb implements AutoCloseable {
  /** DuckDB's memory cap per connection; beyond it, operators spill to the temp directory. */
  static final String MEMORY_LIMIT = "1GB";

  private final Connection connection;
  private final Path tempDir;

  private DuckDb(Connection connection, Path tempDir) {
    this.connection = connection;
    this.tempDir = tempDir;
  }

  /** Opens a fresh in-memory database. */
  static DuckDb open() throws IOException {
    Path tempDir = Files.createTempDirectory("distill-duckdb-");
    Properties props = new Properties();
    props.setProperty("jdbc_stream_results", "true");
    props.setProperty("autoinstall_known_extensions", "false");
    props.setProperty("autoload_known_extensions", "false");
    props.setProperty("memory_limit", MEMORY_LIMIT);
    props.setProperty(
        "threads", Integer.toString(Math.min(4, Runtime.getRuntime().availableProcessors())));
    props.setProperty("temp_directory", tempDir.toString());
    try {
      return new DuckDb(DriverManager.getConnection("jdbc:duckdb:", props), tempDir);
    } catch (SQLException | RuntimeException | LinkageError e) {
      deleteTree(tempDir);
      throw new IOException("cannot start DuckDB for Parquet: " + e.getMessage(), e);
    }
  }

  Connection connection() {
    return connection;
  }

  /** A directory of this connection's own, deleted on close. */
  Path tempDir() {
    return tempDir;
  }

  @Override
  public void close() {
    try {
      connection.close();
    } catch (SQLException ignored) {
      // Closing an in-memory database frees it; there is nothing to recover.
    }
    deleteTree(tempDir);
  }

  /** The first line of a DuckDB error, without the SQL excerpt it appends. */
  static String message(SQLException e) {
    String text = e.getMessage() == null ? e.toString() : e.getMessage().strip();
    int cut = text.indexOf('\n');
    return cut < 0 ? text : text.substring(0, cut).strip();
  }

  /** Deletes {@code dir} and everything under it, best effort. */
  static void deleteTree(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      paths
          .sorted(Comparator.reverseOrder())
          .forEach(
              p -> {
                try {
                  Files.deleteIfExists(p);
                } catch (IOException ignored) {
                  // Best effort; the OS cleans its temp dir.
                }
              });
    } catch (IOException ignored) {
      // Already gone.
    }
  }
}
