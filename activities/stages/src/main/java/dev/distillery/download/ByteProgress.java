package dev.distillery.download;

import java.io.IOException;

/** Receives download progress; a source stage turns it into heartbeats. */
@FunctionalInterface
public interface ByteProgress {
  /**
   * Reports {@code done} bytes of {@code total} on disk ({@code total} is -1 when the server did
   * not say). Throwing stops the download; the partial file is kept for the next attempt.
   */
  void bytes(long done, long total) throws IOException;

  /** Reports nothing. */
  ByteProgress NONE = (done, total) -> {};
}
