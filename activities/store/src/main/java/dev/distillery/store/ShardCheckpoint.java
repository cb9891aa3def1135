package dev.distillery.store;

import java.util.List;
import java.util.Map;

/**
 * How far a shard got, sent as its activity's heartbeat details. A retried attempt reads the last
 * one Temporal recorded and resumes at {@code resumeAt}, keeping {@code files}: only the rows after
 * the last checkpoint are produced again.
 *
 * @param done input rows of the shard finished so far (for progress display)
 * @param total input rows of the shard
 * @param resumeAt input rows, from the shard's start, whose output is in {@code files}
 * @param files the parts uploaded up to {@code resumeAt}, in order
 * @param rowsOut rows in {@code files}
 * @param dropped rows dropped before {@code resumeAt}, by reason
 * @param extra named counters up to {@code resumeAt}
 */
public record ShardCheckpoint(
    long done,
    long total,
    long resumeAt,
    List<OutputFile> files,
    long rowsOut,
    Map<String, Long> dropped,
    Map<String, Long> extra) {
  public ShardCheckpoint {
    files = files == null ? List.of() : List.copyOf(files);
    dropped = dropped == null ? Map.of() : Map.copyOf(dropped);
    extra = extra == null ? Map.of() : Map.copyOf(extra);
  }

  /** The checkpoint of a shard that has not started. */
  public static ShardCheckpoint start(long total) {
    return new ShardCheckpoint(0, total, 0, List.of(), 0, Map.of(), Map.of());
  }

  /** This checkpoint with {@code done} moved on, for a progress heartbeat between checkpoints. */
  public ShardCheckpoint withDone(long done) {
    return new ShardCheckpoint(done, total, resumeAt, files, rowsOut, dropped, extra);
  }
}
