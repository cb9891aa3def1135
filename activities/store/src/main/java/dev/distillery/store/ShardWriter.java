package dev.distillery.store;

import dev.distillery.plan.StageRef;
import java.io.IOException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Writes one attempt at one shard of a stage: the rows produced for input rows {@code [from, to)}.
 * Unlike a {@link StageWriter} it writes no manifest; it uploads a part at every {@link
 * #checkpoint} so the attempt's progress survives the worker, and {@link #finish} records the shard
 * with a conditional put.
 *
 * <p>Parts go to {@code shards/<from>-<to>/part-NNNNN-<writeId>.jsonl.zst} in the stage folder. An
 * attempt that resumes from a {@link ShardCheckpoint} starts with that checkpoint's parts and
 * counters. Each checkpoint is also stored beside the shard ({@code
 * shards/<from>-<to>.checkpoint.json}) for attempts that do not inherit the heartbeat. {@link
 * #close()} drops only the part not yet checkpointed: uploaded parts may be named by a checkpoint
 * that the next attempt resumes from.
 *
 * <p>The shard's {@code rowsIn} is its range length; {@link #countIn} is ignored, since a resumed
 * attempt sees only the rows after its checkpoint.
 */
public final class ShardWriter implements LineSink, AutoCloseable {
  private static final SecureRandom RANDOM = new SecureRandom();

  private final ArtifactStore store;
  private final BlobStore blobs;
  private final StageRef ref;
  private final long from;
  private final long to;
  private final String workerIdentity;
  private final Clock clock;
  private final Instant startedAt;
  private final String writeId = String.format("%08x", RANDOM.nextInt());

  private final List<OutputFile> files;
  private final List<OutputFile> uploadedByMe = new ArrayList<>();
  private final Map<String, Long> dropped;
  private final Map<String, Long> extra;
  private long rowsOut;
  private PartWriter part;
  private boolean closed;

  ShardWriter(
      ArtifactStore store,
      BlobStore blobs,
      StageRef ref,
      long from,
      long to,
      ShardCheckpoint resume,
      String workerIdentity,
      Clock clock) {
    this.store = store;
    this.blobs = blobs;
    this.ref = ref;
    this.from = from;
    this.to = to;
    this.workerIdentity = workerIdentity;
    this.clock = clock;
    this.startedAt = clock.instant();
    this.files = new ArrayList<>(resume.files());
    this.rowsOut = resume.rowsOut();
    this.dropped = new TreeMap<>(resume.dropped());
    this.extra = new TreeMap<>(resume.extra());
  }

  /** The shard's folder inside the stage folder, for example {@code shards/0-500}. */
  public static String shardFolder(long from, long to) {
    return "shards/" + from + "-" + to;
  }

  @Override
  public synchronized void writeLine(byte[] line) throws IOException {
    ensureOpen();
    part = PartWriter.append(part, writeId, line);
    rowsOut++;
  }

  @Override
  public void countIn(long rows) {
    // The shard's range length is its rowsIn.
  }

  @Override
  public synchronized void drop(String reason) {
    dropped.merge(reason, 1L, Long::sum);
  }

  @Override
  public synchronized void count(String counter, long delta) {
    extra.merge(counter, delta, Long::sum);
  }

  /** Rows in the part not yet checkpointed. */
  public synchronized long pendingRows() {
    return part == null ? 0 : part.rows();
  }

  /**
   * Uploads the current part and returns a checkpoint at {@code resumeAt}. Call it only at a
   * boundary where every input row before {@code resumeAt} (relative to the shard's start) has all
   * its output written, and none after it.
   */
  public synchronized ShardCheckpoint checkpoint(long resumeAt) throws IOException {
    ensureOpen();
    finishPart();
    ShardCheckpoint checkpoint =
        new ShardCheckpoint(
            resumeAt, to - from, resumeAt, files, rowsOut, Map.copyOf(dropped), Map.copyOf(extra));
    store.putShardCheckpoint(ref, from, to, checkpoint);
    return checkpoint;
  }

  /**
   * Uploads the last part and records the shard unless another attempt already did.
   *
   * @return this attempt's record, or the one written first by another attempt
   */
  public synchronized ShardRecord finish() throws IOException {
    ensureOpen();
    finishPart();
    closed = true;
    ShardRecord mine =
        new ShardRecord(
            from,
            to,
            files,
            new RowCounters(to - from, rowsOut, dropped),
            extra,
            startedAt,
            clock.instant(),
            workerIdentity);
    String key = ArtifactStore.shardKey(ref, from, to);
    if (blobs.putIfAbsent(key, mine.toJson())) {
      return mine;
    }
    Optional<ShardRecord> existing = store.findShard(ref, from, to);
    if (existing.isEmpty()) {
      throw new IOException(
          "conditional put of " + blobs.uri(key) + " was refused but nothing is there; retry");
    }
    for (OutputFile file : uploadedByMe) {
      if (!existing.get().files().contains(file)) {
        try {
          blobs.delete(ref.folder() + "/" + file.name());
        } catch (IOException ignored) {
          // Best effort: an orphan part no record names is harmless.
        }
      }
    }
    return existing.get();
  }

  /** Drops the part not yet checkpointed; uploaded parts stay for the next attempt. */
  @Override
  public synchronized void close() {
    closed = true;
    if (part != null) {
      part.discard();
      part = null;
    }
  }

  private void finishPart() throws IOException {
    if (part == null || part.rows() == 0) {
      return;
    }
    String name =
        String.format("%s/part-%05d-%s.jsonl.zst", shardFolder(from, to), files.size(), writeId);
    OutputFile file = part.finish(blobs, ref.folder(), name);
    part = null;
    files.add(file);
    uploadedByMe.add(file);
  }

  private void ensureOpen() {
    if (closed) {
      throw new IllegalStateException(
          "shard writer " + writeId + " of " + ref.folder() + " is already finished or closed");
    }
  }
}
