package dev.distillery.activity;

import dev.distillery.stages.Progress;
import dev.distillery.store.ShardCheckpoint;
import dev.distillery.store.ShardWriter;
import io.temporal.activity.ActivityExecutionContext;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Turns a shard's progress reports into heartbeats, and every {@code checkpointEvery} (or every
 * {@code checkpointRows} output rows) into a checkpoint: the pending part is uploaded and the
 * heartbeat names it, so a retried attempt resumes after it.
 */
final class CheckpointingProgress implements Progress {
  private final ShardWriter writer;
  private final ActivityExecutionContext activity;
  private final long offset;
  private final Clock clock;
  private final Duration checkpointEvery;
  private final long checkpointRows;
  private ShardCheckpoint last;
  private Instant lastCheckpointAt;

  /**
   * @param resumed the checkpoint the attempt started from; reports count from its {@code resumeAt}
   */
  CheckpointingProgress(
      ShardWriter writer,
      ActivityExecutionContext activity,
      ShardCheckpoint resumed,
      Clock clock,
      Duration checkpointEvery,
      long checkpointRows) {
    this.writer = writer;
    this.activity = activity;
    this.offset = resumed.resumeAt();
    this.clock = clock;
    this.checkpointEvery = checkpointEvery;
    this.checkpointRows = checkpointRows;
    this.last = resumed;
    this.lastCheckpointAt = clock.instant();
  }

  @Override
  public void report(long done, long total) throws IOException {
    long shardDone = offset + done;
    Instant now = clock.instant();
    long pending = writer.pendingRows();
    if (pending > 0
        && (pending >= checkpointRows || !now.isBefore(lastCheckpointAt.plus(checkpointEvery)))) {
      last = writer.checkpoint(shardDone);
      lastCheckpointAt = now;
      activity.heartbeat(last);
    } else {
      activity.heartbeat(last.withDone(shardDone));
    }
  }
}
