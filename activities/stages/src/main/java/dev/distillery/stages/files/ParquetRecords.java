package dev.distillery.stages.files;

import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.distillery.stages.core.Rows;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * Streams the rows of a local Parquet file as JSON objects, in file order, through an in-process
 * DuckDB ({@code to_json} of each row): lists and structs become arrays and objects, integers and
 * floats numbers (NaN and infinities too), booleans booleans, dates, timestamps and binary strings.
 * Rows are fetched in chunks of {@link #FETCH_SIZE}, never the whole file at once.
 */
final class ParquetRecords implements AutoCloseable {
  /** Rows fetched from DuckDB at a time. */
  static final int FETCH_SIZE = 2048;

  private static final ObjectReader JSON =
      Rows.JSON.reader().with(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS);

  private final Path file;
  private final DuckDb db;
  private final PreparedStatement statement;
  private final ResultSet results;
  private long rows;

  private ParquetRecords(Path file, DuckDb db, PreparedStatement statement, ResultSet results) {
    this.file = file;
    this.db = db;
    this.statement = statement;
    this.results = results;
  }

  /**
   * Opens {@code file} and reads its footer.
   *
   * @throws ParquetFileException when the file is not Parquet, cut short or corrupt
   */
  static ParquetRecords open(Path file) throws IOException {
    DuckDb db = DuckDb.open();
    PreparedStatement statement = null;
    try {
      String readable = readableName(db, file);
      String alias = alias(db, readable);
      statement =
          db.connection()
              .prepareStatement(
                  "SELECT to_json(\""
                      + alias
                      + "\")::VARCHAR FROM read_parquet(?, hive_partitioning = false) AS \""
                      + alias
                      + "\"");
      statement.setString(1, readable);
      statement.setFetchSize(FETCH_SIZE);
      return new ParquetRecords(file, db, statement, statement.executeQuery());
    } catch (SQLException e) {
      closeQuietly(statement);
      db.close();
      throw failure(file, e);
    } catch (IOException | RuntimeException e) {
      closeQuietly(statement);
      db.close();
      throw e;
    }
  }

  /** The next row, or null after the last. */
  ObjectNode next() throws IOException {
    String json;
    try {
      if (!results.next()) {
        return null;
      }
      json = results.getString(1);
    } catch (SQLException e) {
      throw failure(file, e);
    }
    rows++;
    JsonNode node = JSON.readTree(json);
    if (!(node instanceof ObjectNode row)) {
      throw new IOException("DuckDB gave a row of " + file + " that is not a JSON object: " + json);
    }
    return row;
  }

  /** Rows returned so far; the 1-based number of the last one. */
  long rows() {
    return rows;
  }

  @Override
  public void close() {
    try {
      results.close();
    } catch (SQLException ignored) {
      // The database is closed next.
    }
    closeQuietly(statement);
    db.close();
  }

  /**
   * The file's path as DuckDB should see it: read_parquet expands glob characters, so a file whose
   * path has any is read through a plainly named link in the connection's temp directory.
   */
  private static String readableName(DuckDb db, Path file) throws IOException {
    Path absolute = file.toAbsolutePath();
    String name = absolute.toString();
    if (name.chars().noneMatch(c -> c == '*' || c == '?' || c == '[' || c == '{')) {
      return name;
    }
    return Files.createSymbolicLink(db.tempDir().resolve("input.parquet"), absolute).toString();
  }

  /** A row alias that is no column's name (DuckDB resolves a column before a table alias). */
  private static String alias(DuckDb db, String readable) throws SQLException {
    Set<String> columns = new HashSet<>();
    try (PreparedStatement describe =
        db.connection()
            .prepareStatement(
                "DESCRIBE SELECT * FROM read_parquet(?, hive_partitioning = false)")) {
      describe.setString(1, readable);
      try (ResultSet rs = describe.executeQuery()) {
        while (rs.next()) {
          columns.add(rs.getString(1).toLowerCase(Locale.ROOT));
        }
      }
    }
    String alias = "distillery_row";
    while (columns.contains(alias)) {
      alias = "_" + alias;
    }
    return alias;
  }

  /**
   * A {@link ParquetFileException} for errors about the file; a plain {@link IOException} for
   * DuckDB running out of memory or failing internally, which are not the file's fault.
   */
  private static IOException failure(Path file, SQLException e) {
    String message = DuckDb.message(e);
    if (message.startsWith("Out of Memory") || message.startsWith("INTERNAL")) {
      return new IOException("DuckDB failed reading " + file + ": " + message, e);
    }
    return new ParquetFileException(message, e);
  }

  private static void closeQuietly(PreparedStatement statement) {
    if (statement == null) {
      return;
    }
    try {
      statement.close();
    } catch (SQLException ignored) {
      // The database is closed next.
    }
  }
}
