package dev.distillery.stages;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;

/**
 * The rows fuzzy dedup kept that a later row may still duplicate, by row number: in memory up to a
 * budget of bytes, then appended to a local file and read back by offset (a candidate pair is rare,
 * so a read per pair costs little). Over many rows, the background of false candidate pairs joins
 * rows far apart, so hundreds of thousands of texts can wait for their last partner at once; the
 * budget keeps the heap bounded whatever their number. {@link #close()} deletes the file.
 */
final class KeptRows implements AutoCloseable {
  /** Estimated heap bytes of kept rows held in memory before spilling, unless told: 128 MiB. */
  static final long DEFAULT_MEMORY_BUDGET = 128L << 20;

  private final long budget;
  private final Path spillDirectory;
  private final Map<Integer, KeptRow> memory = new HashMap<>();
  private final Map<Integer, Long> spilled = new HashMap<>();
  private long memoryBytes;
  private Path file;
  private FileChannel channel;
  private long end;

  KeptRows(long budget, Path spillDirectory) {
    this.budget = budget;
    this.spillDirectory = spillDirectory;
  }

  void put(int row, KeptRow kept) throws IOException {
    long bytes = heapBytes(kept);
    if (memoryBytes + bytes <= budget) {
      memory.put(row, kept);
      memoryBytes += bytes;
      return;
    }
    if (channel == null) {
      file = Files.createTempFile(spillDirectory, "dedup-kept-", ".bin");
      channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
    }
    byte[] id = kept.id().getBytes(StandardCharsets.UTF_8);
    byte[] text = kept.text().getBytes(StandardCharsets.UTF_8);
    ByteBuffer record = ByteBuffer.allocate(8 + id.length + text.length);
    record.putInt(id.length).putInt(text.length).put(id).put(text).flip();
    spilled.put(row, end);
    long at = end;
    while (record.hasRemaining()) {
      at += channel.write(record, at);
    }
    end = at;
  }

  /** The kept row {@code row}, or null when it was not kept or was removed. */
  KeptRow get(int row) throws IOException {
    KeptRow kept = memory.get(row);
    if (kept != null) {
      return kept;
    }
    Long offset = spilled.get(row);
    if (offset == null) {
      return null;
    }
    ByteBuffer header = read(offset, 8);
    int idLength = header.getInt();
    int textLength = header.getInt();
    ByteBuffer body = read(offset + 8, idLength + textLength);
    return new KeptRow(
        new String(body.array(), 0, idLength, StandardCharsets.UTF_8),
        new String(body.array(), idLength, textLength, StandardCharsets.UTF_8));
  }

  void remove(int row) {
    KeptRow kept = memory.remove(row);
    if (kept != null) {
      memoryBytes -= heapBytes(kept);
    } else {
      spilled.remove(row);
    }
  }

  /** Whether any row went to disk. */
  boolean spilled() {
    return channel != null;
  }

  @Override
  public void close() throws IOException {
    if (channel != null) {
      channel.close();
      Files.deleteIfExists(file);
      channel = null;
    }
  }

  private ByteBuffer read(long offset, int length) throws IOException {
    ByteBuffer buffer = ByteBuffer.allocate(length);
    while (buffer.hasRemaining()) {
      if (channel.read(buffer, offset + buffer.position()) < 0) {
        throw new IOException("kept-row file " + file + " ends early");
      }
    }
    return buffer.flip();
  }

  /**
   * Heap estimate: two strings of up to two bytes a char, their arrays, the record, the map node.
   */
  private static long heapBytes(KeptRow kept) {
    return 160 + 2L * (kept.id().length() + kept.text().length());
  }
}
