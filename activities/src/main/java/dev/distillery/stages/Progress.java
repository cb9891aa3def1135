package dev.distillery.stages;

/**
 * Progress reports from a running stage. The activity turns them into Temporal heartbeats, so a
 * dead worker is noticed and a cancelled stage stops at its next report.
 */
public interface Progress {
  void report(long done, long total);

  Progress NONE = (done, total) -> {};
}
