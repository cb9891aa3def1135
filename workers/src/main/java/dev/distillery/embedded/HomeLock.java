package dev.distillery.embedded;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * The right to run embedded services on one {@code DISTILL_HOME}: an exclusive lock on {@code
 * $DISTILL_HOME/embedded.lock}, held by the one {@code run}, {@code resume} or {@code dev} process
 * that has started them, so that a second such process on the same home waits for it (or uses its
 * {@code dev} stack) instead of starting services of its own and computing every stage again. The
 * file names its holder; the operating system releases the lock when the holder dies, however it
 * dies.
 */
public final class HomeLock implements AutoCloseable {
  private static final String FILE = "embedded.lock";

  private final FileChannel channel;
  private final FileLock lock;

  private HomeLock(FileChannel channel, FileLock lock) {
    this.channel = channel;
    this.lock = lock;
  }

  /**
   * Takes the lock of {@code home} if no process holds it, and writes {@code holder} (for example
   * {@code distill run sweep.yaml}) into it with this process's id.
   */
  public static Optional<HomeLock> tryAcquire(Path home, String holder) throws IOException {
    Files.createDirectories(home);
    FileChannel channel =
        FileChannel.open(home.resolve(FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    FileLock lock;
    try {
      lock = channel.tryLock();
    } catch (OverlappingFileLockException e) {
      lock = null; // Held by this very process, through another channel.
    }
    if (lock == null) {
      channel.close();
      return Optional.empty();
    }
    String text =
        "pid "
            + ProcessHandle.current().pid()
            + ": "
            + holder
            + " (since "
            + Instant.now().truncatedTo(ChronoUnit.SECONDS)
            + ")\n";
    channel.truncate(0);
    channel.write(ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)), 0);
    channel.force(false);
    return Optional.of(new HomeLock(channel, lock));
  }

  /** Who holds the lock of {@code home}, as its holder wrote it; null when nobody has written. */
  public static String holder(Path home) {
    try {
      String text = Files.readString(home.resolve(FILE), StandardCharsets.UTF_8).strip();
      return text.isEmpty() ? null : text;
    } catch (IOException e) {
      return null;
    }
  }

  @Override
  public void close() throws IOException {
    try {
      lock.release();
    } finally {
      channel.close();
    }
  }
}
