package dev.distillery.stages.files;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.luben.zstd.ZstdOutputStream;
import dev.distillery.stages.core.Rows;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes ShareGPT export rows as Parquet with OpenThoughts3's columns and fixed types: {@code
 * difficulty} BIGINT, {@code source} and {@code domain} VARCHAR, {@code conversations}
 * LIST&lt;STRUCT&lt;from VARCHAR, value VARCHAR&gt;&gt;, then {@code id} VARCHAR and {@code sample}
 * BIGINT, zstd-compressed. Rows are buffered in local zstd JSONL chunks of {@code rowsPerFile}
 * rows; {@link #finish()} turns each chunk into {@code train-0000i-of-0000N.parquet} with DuckDB,
 * so memory stays flat whatever the size of the export. Temp files go on {@link #close()}.
 */
public final class ParquetExport implements AutoCloseable {
  /** Rows per Parquet file unless told otherwise, as Hugging Face shards its Parquet exports. */
  public static final int DEFAULT_ROWS_PER_FILE = 500_000;

  private static final String COLUMNS =
      "{difficulty: 'BIGINT', source: 'VARCHAR', domain: 'VARCHAR',"
          + " conversations: 'STRUCT(\"from\" VARCHAR, \"value\" VARCHAR)[]',"
          + " id: 'VARCHAR', sample: 'BIGINT'}";
  private static final String COPY =
      "COPY (SELECT difficulty, source, domain, conversations, id, sample FROM read_json(?,"
          + " format = 'newline_delimited', maximum_object_size = 33554432, columns = "
          + COLUMNS
          + ")) TO ? (FORMAT parquet, COMPRESSION zstd, ROW_GROUP_SIZE_BYTES '64MB')";

  private final int rowsPerFile;
  private final Path dir;
  private final List<Path> chunks = new ArrayList<>();
  private OutputStream chunk;
  private long rowsInChunk;

  public ParquetExport(int rowsPerFile) throws IOException {
    if (rowsPerFile < 1) {
      throw new IllegalArgumentException("rowsPerFile must be positive, got " + rowsPerFile);
    }
    this.rowsPerFile = rowsPerFile;
    this.dir = Files.createTempDirectory("distill-export-");
  }

  /** Buffers one ShareGPT row ({@link ExportStage#shareGpt}). */
  public void write(ObjectNode row) throws IOException {
    if (chunk == null) {
      Path file = dir.resolve(String.format("chunk-%05d.jsonl.zst", chunks.size()));
      chunks.add(file);
      chunk =
          new BufferedOutputStream(new ZstdOutputStream(Files.newOutputStream(file), 3), 1 << 16);
      rowsInChunk = 0;
    }
    chunk.write(Rows.JSON.writeValueAsBytes(row));
    chunk.write('\n');
    if (++rowsInChunk >= rowsPerFile) {
      chunk.close();
      chunk = null;
    }
  }

  /**
   * Converts the buffered rows to Parquet files named {@code train-%05d-of-%05d.parquet}, in row
   * order; one file with no rows when nothing was written.
   */
  public List<Path> finish() throws IOException {
    if (chunk != null) {
      chunk.close();
      chunk = null;
    }
    if (chunks.isEmpty()) {
      Path empty = dir.resolve("chunk-00000.jsonl");
      Files.createFile(empty);
      chunks.add(empty);
    }
    List<Path> files = new ArrayList<>();
    try (DuckDb db = DuckDb.open();
        PreparedStatement copy = db.connection().prepareStatement(COPY)) {
      for (int i = 0; i < chunks.size(); i++) {
        Path out = dir.resolve(String.format("train-%05d-of-%05d.parquet", i, chunks.size()));
        copy.setString(1, chunks.get(i).toString());
        copy.setString(2, out.toString());
        copy.execute();
        Files.delete(chunks.get(i));
        files.add(out);
      }
    } catch (SQLException e) {
      throw new IOException("DuckDB could not write the Parquet export: " + DuckDb.message(e), e);
    }
    return files;
  }

  @Override
  public void close() {
    if (chunk != null) {
      try {
        chunk.close();
      } catch (IOException ignored) {
        // The file is deleted next.
      }
      chunk = null;
    }
    DuckDb.deleteTree(dir);
  }
}
