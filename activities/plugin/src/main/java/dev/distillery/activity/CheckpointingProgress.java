package dev.distillery.activity;

import dev.distillery.stages.core.Progress;
import dev.distillery.store.ShardCheckpoint;
import dev.distillery.store.ShardWriter;
import dev.distillery.workflow.ShardProgress;
import io.temporal.activity.ActivityExecutionContext;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Turns a shard's progress reports into heartbeats, and every {@code checkpointEvery} (or every
 * {@code checkpointRows} output rows) into a checkpoint: the pending part is uploaded and the
 * heartbeat names it, so a retried attempt resumes after it. Now and then (at most every {@code
 * signalEvery}, and every {@code signalStep} input rows) it also tells the stage workflow how far
 * the shard got, so the stage shows its progress over all shards.
 */
final class CheckpointingProgress implements Progress {
  private final ShardWriter writer;
  private final ActivityExecutionContext activity;
  private final long offset;
  private final Clock clock;
  private final Duration checkpointEvery;
  private final long checkpointRows;
  private final ProgressSignals signals;
  private ShardCheckpoint last;
  private Instant lastCheckpointAt;
  private long lastDone;
  private long lastSignalled;
  private Instant lastSignalAt;

  /**
   * Where and how often progress is signalled, and what else runs at each checkpoint.
   *
   * @param atCheckpoint run after each checkpoint (the shard asks whether its budget still has
   *     room)
   */
  record ProgressSignals(
      ShardMessages messages,
      String stageWorkflowId,
      long shardFrom,
      long signalStep,
      Duration signalEvery,
      Runnable atCheckpoint) {}

  /**
   * @param resumed the checkpoint the attempt started from; reports count from its {@code resumeAt}
   */
  CheckpointingProgress(
      ShardWriter writer,
      ActivityExecutionContext activity,
      ShardCheckpoint resumed,
      Clock clock,
      Duration checkpointEvery,
      long checkpointRows,
      ProgressSignals signals) {
    this.writer = writer;
    this.activity = activity;
    this.offset = resumed.resumeAt();
    this.clock = clock;
    this.checkpointEvery = checkpointEvery;
    this.checkpointRows = checkpointRows;
    this.signals = signals;
    this.last = resumed;
    this.lastCheckpointAt = clock.instant();
    this.lastDone = offset;
    this.lastSignalled = offset;
    this.lastSignalAt = Instant.MIN;
  }

  @Override
  public void report(long done, long total) throws IOException {
    long shardDone = offset + done;
    lastDone = shardDone;
    Instant now = clock.instant();
    long pending = writer.pendingRows();
    if (pending > 0
        && (pending >= checkpointRows || !now.isBefore(lastCheckpointAt.plus(checkpointEvery)))) {
      last = writer.checkpoint(shardDone);
      lastCheckpointAt = now;
      activity.heartbeat(last);
      signals.atCheckpoint().run();
    } else {
      activity.heartbeat(last.withDone(shardDone));
    }
    if (shardDone - lastSignalled >= signals.signalStep()
        && !now.isBefore(lastSignalAt.plus(signals.signalEvery()))) {
      signals
          .messages()
          .progress(signals.stageWorkflowId(), new ShardProgress(signals.shardFrom(), shardDone));
      lastSignalled = shardDone;
      lastSignalAt = now;
    }
  }

  /** Checkpoints at the last report, whatever the time: the shard stops there for now. */
  ShardCheckpoint checkpointNow() throws IOException {
    last = writer.checkpoint(lastDone);
    lastCheckpointAt = clock.instant();
    activity.heartbeat(last);
    return last;
  }
}
