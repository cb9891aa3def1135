package dev.distillery.activity;

import dev.distillery.stages.core.Progress;
import io.temporal.activity.ActivityExecutionContext;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A single-activity stage's progress as Temporal heartbeats: {@code [done, total]}, or {@code
 * {"done", "total", "note"}} once the stage has said what it is doing.
 */
final class HeartbeatProgress implements Progress {
  private final ActivityExecutionContext activity;
  private long done;
  private long total = -1;

  HeartbeatProgress(ActivityExecutionContext activity) {
    this.activity = activity;
  }

  @Override
  public synchronized void report(long done, long total) {
    this.done = done;
    this.total = total;
    activity.heartbeat(new long[] {done, total});
  }

  @Override
  public synchronized void note(String line) {
    Map<String, Object> beat = new LinkedHashMap<>();
    beat.put("done", done);
    beat.put("total", total);
    beat.put("note", line);
    activity.heartbeat(beat);
  }
}
