package dev.distillery.store;

import com.fasterxml.jackson.databind.JsonNode;
import dev.distillery.plan.StageRef;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Content-addressed stage artifacts over a {@link BlobStore}. A stage lives in {@code
 * stages/<kind>/<key>/}: zstd-compressed JSON-lines parts plus {@code manifest.json}, written last
 * and only once. A stage is complete exactly when its manifest exists; parts without one are
 * leftovers of failed attempts.
 */
public final class ArtifactStore {
  /** The manifest's file name inside a stage folder. */
  public static final String MANIFEST = "manifest.json";

  private final BlobStore blobs;

  public ArtifactStore(BlobStore blobs) {
    this.blobs = Objects.requireNonNull(blobs, "blobs");
  }

  /** The underlying byte storage. */
  public BlobStore blobs() {
    return blobs;
  }

  /** The stage's manifest, or empty when the stage is not complete. */
  public Optional<Manifest> findManifest(StageRef ref) throws IOException {
    Optional<byte[]> bytes = blobs.get(manifestKey(ref));
    if (bytes.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(Manifest.fromJson(bytes.get()));
    } catch (IOException e) {
      throw new IOException("cannot parse " + manifestUri(ref) + ": " + e.getMessage(), e);
    }
  }

  /**
   * Starts an attempt at writing a stage, with {@link StageWriter#DEFAULT_ROWS_PER_PART} rows per
   * part. Close the writer (try-with-resources) so an attempt that fails before {@link
   * StageWriter#commit()} removes its files.
   */
  public StageWriter begin(
      StageRef ref,
      int kindVersion,
      JsonNode params,
      List<StageRef> inputs,
      RunInfo run,
      java.time.Clock clock) {
    return begin(ref, kindVersion, params, inputs, run, clock, StageWriter.DEFAULT_ROWS_PER_PART);
  }

  /**
   * As {@link #begin(StageRef, int, JsonNode, List, RunInfo, java.time.Clock)}, parts of {@code
   * rowsPerPart} rows.
   */
  public StageWriter begin(
      StageRef ref,
      int kindVersion,
      JsonNode params,
      List<StageRef> inputs,
      RunInfo run,
      java.time.Clock clock,
      int rowsPerPart) {
    return new StageWriter(this, blobs, ref, kindVersion, params, inputs, run, clock, rowsPerPart);
  }

  /** Streams every row of every file of a stage, verifying checksums as it goes. */
  public RowReader open(Manifest m) {
    return new RowReader(blobs, m.ref().folder(), m.files());
  }

  /**
   * Re-reads every file of a stage and checks its presence, sha256, row count and that the rows add
   * up to the manifest's {@code rowsOut}.
   *
   * @return one line per problem, each naming the file's URI; empty when the stage is intact
   */
  public List<String> verify(Manifest m) throws IOException {
    List<String> problems = new ArrayList<>();
    String folder = m.ref().folder();
    long rows = 0;
    for (OutputFile file : m.files()) {
      String uri = blobs.uri(folder + "/" + file.name());
      try (RowReader reader = new RowReader(blobs, folder, List.of(file))) {
        while (reader.next() != null) {
          // Reading to the end checks the sha256 and the row count.
        }
      } catch (FileNotFoundException e) {
        problems.add("missing: " + uri);
      } catch (ChecksumMismatchException e) {
        problems.add(e.getMessage());
      } catch (IOException e) {
        if (isUnreachable(e)) {
          throw e;
        }
        problems.add("unreadable: " + uri + ": " + e.getMessage());
      }
      rows += file.rows();
    }
    if (rows != m.counters().rowsOut()) {
      problems.add(
          manifestUri(m.ref())
              + " counts rowsOut="
              + m.counters().rowsOut()
              + " but its files hold "
              + rows
              + " rows");
    }
    return problems;
  }

  /** The stage folder's URI, ending in a slash. */
  public String uri(StageRef ref) {
    return blobs.uri(ref.folder() + "/");
  }

  /** The URI of the stage's manifest. */
  public String manifestUri(StageRef ref) {
    return blobs.uri(manifestKey(ref));
  }

  /** The URI of one data file of a stage. */
  public String fileUri(StageRef ref, OutputFile file) {
    return blobs.uri(ref.folder() + "/" + file.name());
  }

  static String manifestKey(StageRef ref) {
    return ref.folder() + "/" + MANIFEST;
  }

  /** Storage that cannot be reached is the caller's problem to retry, not a finding of verify. */
  private static boolean isUnreachable(IOException e) {
    return e instanceof StorageUnavailableException;
  }
}
