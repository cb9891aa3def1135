package dev.distillery.store;

import com.fasterxml.jackson.databind.JsonNode;
import dev.distillery.plan.StageRef;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Content-addressed stage artifacts over a {@link BlobStore}. A stage lives in {@code
 * stages/<kind>/<key>/}: zstd-compressed JSON-lines parts plus {@code manifest.json}, written last
 * and only once. A stage is complete exactly when its manifest exists; parts without one are
 * leftovers of failed attempts.
 */
public final class ArtifactStore {
  /** The manifest's file name inside a stage folder. */
  public static final String MANIFEST = "manifest.json";

  private static final SecureRandom RANDOM = new SecureRandom();

  private final BlobStore blobs;

  public ArtifactStore(BlobStore blobs) {
    this.blobs = Objects.requireNonNull(blobs, "blobs");
  }

  /** The underlying byte storage. */
  public BlobStore blobs() {
    return blobs;
  }

  /**
   * The stage's manifest, or empty when the stage is not complete.
   *
   * @throws CorruptManifestException when the manifest exists but does not parse
   * @throws PermanentStorageException when it was written by a newer manifest format
   */
  public Optional<Manifest> findManifest(StageRef ref) throws IOException {
    Optional<byte[]> bytes = blobs.get(manifestKey(ref));
    if (bytes.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(Manifest.fromJson(bytes.get()));
    } catch (PermanentStorageException e) {
      throw new PermanentStorageException(
          e.type(), manifestUri(ref) + ": " + e.getMessage(), e.getCause());
    } catch (IOException e) {
      throw new CorruptManifestException(manifestUri(ref), bytes.get().length, e);
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

  /**
   * Writes {@code mine} as its stage's manifest unless one exists (a conditional put).
   *
   * @return {@code mine}, or the manifest another attempt wrote first
   */
  public Manifest putManifest(Manifest mine) throws IOException {
    String key = manifestKey(mine.ref());
    if (blobs.putIfAbsent(key, mine.toJson())) {
      return mine;
    }
    return findManifest(mine.ref())
        .orElseThrow(
            () ->
                new IOException(
                    "conditional put of "
                        + blobs.uri(key)
                        + " was refused but no manifest is there; retry the stage"));
  }

  /**
   * Starts an attempt at the shard of input rows {@code [from, to)}, resuming from {@code resume}
   * (use {@link ShardCheckpoint#start} for a fresh shard).
   */
  public ShardWriter beginShard(
      StageRef ref,
      long from,
      long to,
      ShardCheckpoint resume,
      String workerIdentity,
      java.time.Clock clock) {
    return new ShardWriter(this, blobs, ref, from, to, resume, workerIdentity, clock);
  }

  /** The record of a finished shard, or empty when the shard has not finished. */
  public Optional<ShardRecord> findShard(StageRef ref, long from, long to) throws IOException {
    Optional<byte[]> bytes = blobs.get(shardKey(ref, from, to));
    if (bytes.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(ShardRecord.fromJson(bytes.get()));
    } catch (IOException e) {
      throw new IOException(
          "cannot parse " + blobs.uri(shardKey(ref, from, to)) + ": " + e.getMessage(), e);
    }
  }

  /**
   * A stage's manifest from its finished shards, in order: their files concatenated, their counters
   * summed. Not written yet: a stage may read its rows through it and add files beside them ({@link
   * #extraFiles}, {@link Manifest#withExtraFiles}) before {@link #putManifest} completes it.
   */
  public Manifest assembleShards(
      StageRef ref,
      int kindVersion,
      JsonNode params,
      List<StageRef> inputs,
      RunInfo run,
      List<ShardRecord> shards,
      java.time.Clock clock) {
    List<OutputFile> files = new ArrayList<>();
    Map<String, Long> dropped = new TreeMap<>();
    Map<String, Long> extra = new TreeMap<>();
    long rowsIn = 0;
    long rowsOut = 0;
    Instant startedAt = clock.instant();
    for (ShardRecord shard : shards) {
      files.addAll(shard.files());
      rowsIn += shard.counters().rowsIn();
      rowsOut += shard.counters().rowsOut();
      shard.counters().dropped().forEach((k, v) -> dropped.merge(k, v, Long::sum));
      shard.extra().forEach((k, v) -> extra.merge(k, v, Long::sum));
      if (shard.startedAt().isBefore(startedAt)) {
        startedAt = shard.startedAt();
      }
    }
    extra.put("shards", (long) shards.size());
    return Manifest.of(
        ref,
        kindVersion,
        params,
        inputs,
        files,
        List.of(),
        new RowCounters(rowsIn, rowsOut, dropped),
        extra,
        startedAt,
        clock.instant(),
        run,
        List.of());
  }

  /** A new attempt's named files beside the rows of the stage {@code ref}. */
  public ExtraFiles extraFiles(StageRef ref) {
    return new ExtraFiles(blobs, ref, String.format("%08x", RANDOM.nextInt()));
  }

  /** Streams every row of every file of a stage, verifying checksums as it goes. */
  public RowReader open(Manifest m) {
    return new RowReader(blobs, m.ref().folder(), m.files());
  }

  /**
   * Streams the rows a stage dropped with a record of why ({@link RowSink#dropRow}), each with its
   * {@code dropped_by} field, verifying checksums as it goes.
   */
  public RowReader openDropped(Manifest m) {
    return new RowReader(blobs, m.ref().folder(), m.droppedFiles());
  }

  /**
   * Streams the rows of a stage from row {@code from} on, opening only the files that hold them.
   * The rows before {@code from} in the first such file are read and skipped (its checksum covers
   * the whole file).
   */
  public RowReader open(Manifest m, long from) throws IOException {
    long start = 0;
    List<OutputFile> files = new ArrayList<>();
    for (OutputFile file : m.files()) {
      if (files.isEmpty() && start + file.rows() <= from) {
        start += file.rows();
      } else {
        files.add(file);
      }
    }
    RowReader reader = new RowReader(blobs, m.ref().folder(), files);
    for (long i = start; i < from && reader.nextLine() != null; i++) {
      // Skipping to the first row asked for.
    }
    return reader;
  }

  /**
   * Re-reads every file of a stage, dropped-row files included, and checks its presence, sha256,
   * row count and that the output rows add up to the manifest's {@code rowsOut}.
   *
   * @return one line per problem, each naming the file's URI; empty when the stage is intact
   */
  public List<String> verify(Manifest m) throws IOException {
    List<String> problems = new ArrayList<>();
    String folder = m.ref().folder();
    long rows = 0;
    for (OutputFile file : m.files()) {
      checkFile(folder, file, problems);
      rows += file.rows();
    }
    for (OutputFile file : m.extraFiles()) {
      String uri = blobs.uri(folder + "/" + file.name());
      Optional<byte[]> bytes = blobs.get(folder + "/" + file.name());
      if (bytes.isEmpty()) {
        problems.add("missing: " + uri);
      } else if (!HexFormat.of()
          .formatHex(RowReader.sha256().digest(bytes.get()))
          .equals(file.sha256())) {
        problems.add("sha256 mismatch: " + uri);
      }
    }
    for (OutputFile file : m.droppedFiles()) {
      checkFile(folder, file, problems);
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

  /** Reads {@code file} to the end, adding a line to {@code problems} for what is wrong. */
  private void checkFile(String folder, OutputFile file, List<String> problems) throws IOException {
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

  /**
   * The last checkpoint any attempt at this shard stored, or empty. Heartbeat details carry a
   * checkpoint only to the retries of one activity; this copy also reaches an attempt of a new
   * stage workflow (after a cancel, or after Temporal lost its state).
   */
  public Optional<ShardCheckpoint> findShardCheckpoint(StageRef ref, long from, long to)
      throws IOException {
    Optional<byte[]> bytes = blobs.get(checkpointKey(ref, from, to));
    if (bytes.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(StoreJson.MAPPER.readValue(bytes.get(), ShardCheckpoint.class));
    } catch (IOException e) {
      return Optional.empty(); // A checkpoint is an optimization: start the shard over.
    }
  }

  void putShardCheckpoint(StageRef ref, long from, long to, ShardCheckpoint checkpoint)
      throws IOException {
    blobs.put(checkpointKey(ref, from, to), StoreJson.MAPPER.writeValueAsBytes(checkpoint));
  }

  static String checkpointKey(StageRef ref, long from, long to) {
    return ref.folder() + "/" + ShardWriter.shardFolder(from, to) + ".checkpoint.json";
  }

  static String shardKey(StageRef ref, long from, long to) {
    return ref.folder() + "/" + ShardWriter.shardFolder(from, to) + ".json";
  }

  static String manifestKey(StageRef ref) {
    return ref.folder() + "/" + MANIFEST;
  }

  /** Storage that cannot be reached is the caller's problem to retry, not a finding of verify. */
  private static boolean isUnreachable(IOException e) {
    return e instanceof StorageUnavailableException;
  }
}
