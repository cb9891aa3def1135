package dev.distillery.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.distillery.plan.StageRef;
import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes one attempt at a stage's artifact: JSON lines, zstd-compressed, in parts of at most {@code
 * rowsPerPart} rows, then the manifest.
 *
 * <p>Parts are named {@code part-00000-<writeId>.jsonl.zst}, where {@code writeId} is 8 random hex
 * chars drawn per writer, as Spark names its output parts with a per-job UUID. Two concurrent or
 * retried attempts at the same stage therefore never overwrite each other's files; only the one
 * whose manifest lands first (a conditional put) is referenced, and the other deletes its parts.
 *
 * <p>Rows dropped through {@link #dropRow} go to a side output of the same shape, {@code
 * dropped/part-00000-<writeId>.jsonl.zst}, listed in the manifest's {@code droppedFiles}.
 *
 * <p>Each part is built in a local temp file, with sha256 computed over the compressed bytes, and
 * uploaded when it is full or at {@link #commit()}; then the temp file is deleted. {@link #close()}
 * without a commit aborts the attempt and deletes what it uploaded (best effort: a crashed process
 * leaves orphan parts that no manifest references, which are harmless).
 *
 * <p>Methods are synchronized, so counters may be bumped from several threads. After an {@link
 * IOException} from {@link #write} or {@link #commit} the attempt is spoiled: close it (which
 * deletes its files) and start a new writer.
 */
public final class StageWriter implements LineSink, FileSink, AutoCloseable {
  /** Default number of rows per part. */
  public static final int DEFAULT_ROWS_PER_PART = 100_000;

  private static final SecureRandom RANDOM = new SecureRandom();

  private final ArtifactStore store;
  private final BlobStore blobs;
  private final StageRef ref;
  private final int kindVersion;
  private final JsonNode params;
  private final List<StageRef> inputs;
  private final RunInfo run;
  private final Clock clock;
  private final int rowsPerPart;
  private final String writeId;
  private final Instant startedAt;

  private final List<OutputFile> files = new ArrayList<>();
  private final ExtraFiles extraFiles;
  private final List<OutputFile> droppedFiles = new ArrayList<>();
  private final List<String> uploadedKeys = new ArrayList<>();
  private final Map<String, Long> dropped = new TreeMap<>();
  private final Map<String, Long> extra = new TreeMap<>();
  private long rowsIn;
  private long rowsOut;

  private PartWriter part;
  private PartWriter droppedPart;

  private Manifest committed;
  private boolean closed;

  StageWriter(
      ArtifactStore store,
      BlobStore blobs,
      StageRef ref,
      int kindVersion,
      JsonNode params,
      List<StageRef> inputs,
      RunInfo run,
      Clock clock,
      int rowsPerPart) {
    if (rowsPerPart < 1) {
      throw new IllegalArgumentException("rowsPerPart must be positive, got " + rowsPerPart);
    }
    this.store = store;
    this.blobs = blobs;
    this.ref = ref;
    this.kindVersion = kindVersion;
    this.params = params == null ? null : params.deepCopy();
    this.inputs = List.copyOf(inputs);
    this.run = run;
    this.clock = clock;
    this.rowsPerPart = rowsPerPart;
    this.writeId = String.format("%08x", RANDOM.nextInt());
    this.extraFiles = new ExtraFiles(blobs, ref, writeId);
    this.startedAt = clock.instant();
  }

  /** The random id in this attempt's part names. */
  public String writeId() {
    return writeId;
  }

  /** Appends one JSON line, rolling to a new part when the current one is full. */
  @Override
  public synchronized void writeLine(byte[] line) throws IOException {
    ensureOpen();
    part = PartWriter.append(part, writeId, line);
    rowsOut++;
    if (part.rows() >= rowsPerPart) {
      finishPart();
    }
  }

  /**
   * Uploads a named file of this attempt as {@code extra-<writeId>/<name>} ({@link ExtraFiles}), so
   * concurrent attempts never overwrite each other's; the manifest lists it under that name.
   */
  @Override
  public synchronized void writeFile(String name, byte[] content) throws IOException {
    ensureOpen();
    extraFiles.writeFile(name, content);
  }

  /**
   * Uploads a local file as {@code extra-<writeId>/<name>}, like {@link #writeFile(String,
   * byte[])}, without reading it into memory.
   */
  @Override
  public synchronized void writeFile(String name, Path file) throws IOException {
    ensureOpen();
    extraFiles.writeFile(name, file);
  }

  /** Counts rows read from the inputs. */
  public synchronized void countIn(long rows) {
    rowsIn += rows;
  }

  /** Counts one row dropped for {@code reason}. */
  public synchronized void drop(String reason) {
    dropped.merge(reason, 1L, Long::sum);
  }

  /**
   * Counts the drop and appends a copy of {@code row} with {@code dropped_by: {stage, reason,
   * ...detail}} to the dropped-row side output.
   */
  @Override
  public synchronized void dropRow(ObjectNode row, String reason, ObjectNode detail)
      throws IOException {
    ensureOpen();
    drop(reason);
    ObjectNode record = row.deepCopy();
    ObjectNode by = record.putObject("dropped_by");
    by.put("stage", run.stageId());
    by.put("reason", reason);
    for (Iterator<Map.Entry<String, JsonNode>> it = detail.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> field = it.next();
      by.set(field.getKey(), field.getValue());
    }
    droppedPart =
        PartWriter.append(droppedPart, writeId, StoreJson.MAPPER.writeValueAsBytes(record));
    if (droppedPart.rows() >= rowsPerPart) {
      finishDroppedPart();
    }
  }

  /** Adds {@code delta} to the extra counter {@code name} (requests, retries, tokens, ...). */
  public synchronized void count(String name, long delta) {
    extra.merge(name, delta, Long::sum);
  }

  /** Rows written so far. */
  public synchronized long rowsWritten() {
    return rowsOut;
  }

  /**
   * Uploads the last part and writes the manifest if no attempt has yet, completing the stage.
   *
   * @return this attempt's manifest, or, when another attempt committed first, that attempt's
   *     manifest (this attempt's parts are then deleted); calling again returns the same result
   */
  public synchronized Manifest commit() throws IOException {
    if (committed != null) {
      return committed;
    }
    ensureOpen();
    if (part != null) {
      finishPart();
    }
    if (droppedPart != null) {
      finishDroppedPart();
    }
    Manifest mine =
        Manifest.of(
            ref,
            kindVersion,
            params,
            inputs,
            files,
            droppedFiles,
            new RowCounters(rowsIn, rowsOut, dropped),
            extra,
            startedAt,
            clock.instant(),
            run,
            extraFiles.files());
    committed = store.putManifest(mine);
    // A retried put whose first try landed finds its own manifest: keep the parts it names.
    if (!committed.files().equals(files)
        || !committed.extraFiles().equals(mine.extraFiles())
        || !committed.droppedFiles().equals(droppedFiles)) {
      deleteUploaded();
    }
    closed = true;
    return committed;
  }

  /** Aborts unless committed: deletes uploaded parts and temp files, best effort. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    discardPart();
    deleteUploaded();
  }

  private void ensureOpen() {
    if (closed) {
      throw new IllegalStateException(
          "writer " + writeId + " of " + ref.folder() + " is already committed or closed");
    }
  }

  private void finishPart() throws IOException {
    String name = String.format("part-%05d-%s.jsonl.zst", files.size(), writeId);
    uploadedKeys.add(ref.folder() + "/" + name);
    files.add(part.finish(blobs, ref.folder(), name));
    part = null;
  }

  private void finishDroppedPart() throws IOException {
    String name = String.format("dropped/part-%05d-%s.jsonl.zst", droppedFiles.size(), writeId);
    uploadedKeys.add(ref.folder() + "/" + name);
    droppedFiles.add(droppedPart.finish(blobs, ref.folder(), name));
    droppedPart = null;
  }

  private void discardPart() {
    if (part != null) {
      part.discard();
      part = null;
    }
    if (droppedPart != null) {
      droppedPart.discard();
      droppedPart = null;
    }
  }

  private void deleteUploaded() {
    extraFiles.deleteUploaded();
    for (String key : uploadedKeys) {
      try {
        blobs.delete(key);
      } catch (IOException ignored) {
        // Best effort: an orphan part no manifest names is harmless.
      }
    }
    uploadedKeys.clear();
  }
}
