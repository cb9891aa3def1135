package dev.distillery.workflow;

/**
 * A sharded stage's progress over all its shards, answered by {@link StageWorkflow#progress}. It
 * never goes backwards: a shard counts the most rows it was ever seen to have done.
 *
 * @param rowsTotal input rows of the stage; 0 while not yet planned
 * @param rowsDone input rows finished, over finished and running shards
 * @param finishedRows input rows of the finished shards alone
 * @param shards the stage's shards
 * @param shardsDone shards finished
 * @param shardsRunning shards running now
 * @param paused true while sampling waits for the sweep's budget
 * @param pauseReason why, for display; null when not paused
 * @param rateSinceMillis workflow time of the first progress this run of the stage saw
 * @param rateSinceRows {@code rowsDone} at that time: rows per second are {@code (rowsDone -
 *     rateSinceRows) / (now - rateSinceMillis)}
 * @param updatedAtMillis workflow time of the latest progress
 * @param note what a one-activity stage says it is doing (a training command's last progress line),
 *     from its heartbeat; null when it says nothing
 */
public record StageProgress(
    long rowsTotal,
    long rowsDone,
    long finishedRows,
    int shards,
    int shardsDone,
    int shardsRunning,
    boolean paused,
    String pauseReason,
    long rateSinceMillis,
    long rateSinceRows,
    long updatedAtMillis,
    String note) {

  /** Progress without shards: {@code done} of {@code total} rows (0 when unknown). */
  public static StageProgress ofRows(long done, long total) {
    return ofRows(done, total, null);
  }

  /** As {@link #ofRows(long, long)}, with what the stage says it is doing. */
  public static StageProgress ofRows(long done, long total, String note) {
    return new StageProgress(total, done, 0, 0, 0, 0, false, null, 0, done, 0, note);
  }

  /** This progress with {@code rows} done, if that is more (progress never goes backwards). */
  public StageProgress atLeast(long rows) {
    long done = Math.max(rowsDone, rowsTotal > 0 ? Math.min(rows, rowsTotal) : rows);
    return new StageProgress(
        rowsTotal,
        done,
        finishedRows,
        shards,
        shardsDone,
        shardsRunning,
        paused,
        pauseReason,
        rateSinceMillis,
        rateSinceRows,
        updatedAtMillis,
        note);
  }

  /** Rows per second at {@code nowMillis}, or 0 when not yet measurable. */
  public double rowsPerSecond(long nowMillis) {
    long millis = nowMillis - rateSinceMillis;
    long rows = rowsDone - rateSinceRows;
    return millis <= 0 || rows <= 0 ? 0 : rows * 1000.0 / millis;
  }

  /** Seconds left at the current rate, or -1 when unknown. */
  public long secondsLeft(long nowMillis) {
    double rate = rowsPerSecond(nowMillis);
    return rate <= 0 || rowsTotal <= 0
        ? -1
        : (long) Math.ceil(Math.max(0, rowsTotal - rowsDone) / rate);
  }

  /** Progress in words: rows, percent, rate and time left, for the CLI and the Temporal UI. */
  public String describe(long nowMillis) {
    if (note != null && rowsTotal <= 0 && rowsDone == 0) {
      return note.length() <= 80 ? note : note.substring(0, 77) + "...";
    }
    StringBuilder s = new StringBuilder();
    s.append(rowsDone);
    if (rowsTotal > 0) {
      s.append('/').append(rowsTotal);
    }
    s.append(" rows");
    if (rowsTotal > 0) {
      s.append(String.format(" (%.0f%%)", 100.0 * rowsDone / rowsTotal));
    }
    double rate = rowsPerSecond(nowMillis);
    if (rate > 0) {
      s.append(String.format(", %.1f rows/s", rate));
      if (rowsTotal > rowsDone && !paused) {
        s.append(", ")
            .append(duration((long) Math.ceil((rowsTotal - rowsDone) / rate)))
            .append(" left");
      }
    }
    return s.toString();
  }

  /** Seconds as {@code 45s}, {@code 12m 5s} or {@code 3h 20m}. */
  static String duration(long seconds) {
    if (seconds < 60) {
      return seconds + "s";
    }
    if (seconds < 3600) {
      return seconds / 60 + "m " + seconds % 60 + "s";
    }
    return seconds / 3600 + "h " + seconds % 3600 / 60 + "m";
  }
}
