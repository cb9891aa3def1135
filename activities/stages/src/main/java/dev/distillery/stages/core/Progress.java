package dev.distillery.stages.core;

import java.io.IOException;

/**
 * Progress reports from a running stage. The activity turns them into Temporal heartbeats, so a
 * dead worker is noticed and a cancelled stage stops at its next report.
 */
public interface Progress {
  /**
   * Reports {@code done} of {@code total} input rows finished ({@code total} is -1 when unknown).
   * For a sharded stage a report is also a checkpoint boundary: every output row of the first
   * {@code done} input rows has been written, and none of a later one.
   */
  void report(long done, long total) throws IOException;

  /**
   * Reports what a long step is doing, in words (a training command's last progress line), for the
   * Temporal UI's pending activity. Also a heartbeat.
   */
  default void note(String line) throws IOException {}

  Progress NONE = (done, total) -> {};
}
