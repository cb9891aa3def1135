package dev.distillery.text;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The first id seen for each text, keyed by the text's {@link Texts#hash128 128-bit hash} so the
 * texts themselves are not kept. The slots of the open-addressing table hold one hash lane and the
 * text's number (12 bytes); the other lane and the id (as UTF-8 bytes in one growing array) are
 * kept per text. About 30 bytes a text plus its id's length, arrays grown by half: under 500 MB at
 * 10^7 texts with 14-char ids, where a {@code String} per id and both lanes in the slots took over
 * 1 GB. Not thread-safe.
 */
public final class TextHashIndex {
  private long[] high = new long[1024];

  /** Per slot, 1 + the number of the text whose hash it holds; 0 when free. */
  private int[] entry = new int[1024];

  /** Per text, the second hash lane. */
  private long[] low = new long[1024];

  /** Per text, where its id starts in {@link #idBytes}; the next entry's start is its end. */
  private int[] idStart = new int[1025];

  private byte[] idBytes = new byte[1 << 14];
  private int size;

  /**
   * Records {@code id} for {@code text} unless the text was seen before.
   *
   * @return the id first recorded for the same text, or null when {@code text} is new
   */
  public String putIfAbsent(String text, String id) {
    return putIfAbsent(
        Texts.hash64(text, 0x9E3779B97F4A7C15L), Texts.hash64(text, 0xC2B2AE3D27D4EB4FL), id);
  }

  /** {@link #putIfAbsent(String, String)} for the text in {@code text}. */
  public String putIfAbsent(NormalizedText text, String id) {
    return putIfAbsent(text.hash64(0x9E3779B97F4A7C15L), text.hash64(0xC2B2AE3D27D4EB4FL), id);
  }

  private String putIfAbsent(long h, long l, String id) {
    // Grow at three quarters full: linear probing stays short.
    if ((size + 1) * 4L > entry.length * 3L) {
      grow();
    }
    int slot = find(h, l);
    if (entry[slot] != 0) {
      int e = entry[slot] - 1;
      int from = idStart[e];
      return new String(idBytes, from, idStart[e + 1] - from, StandardCharsets.UTF_8);
    }
    high[slot] = h;
    entry[slot] = size + 1;
    if (size == low.length) {
      low = Arrays.copyOf(low, grown(low.length));
    }
    low[size] = l;
    byte[] bytes = id.getBytes(StandardCharsets.UTF_8);
    int end = idStart[size];
    if (end + bytes.length > idBytes.length) {
      long wanted = Math.max(grown(idBytes.length), end + (long) bytes.length);
      if (wanted > Integer.MAX_VALUE - 8) {
        throw new IllegalStateException("more than 2 GB of ids in one TextHashIndex");
      }
      idBytes = Arrays.copyOf(idBytes, (int) wanted);
    }
    System.arraycopy(bytes, 0, idBytes, end, bytes.length);
    size++;
    if (size + 1 > idStart.length) {
      idStart = Arrays.copyOf(idStart, grown(idStart.length));
    }
    idStart[size] = end + bytes.length;
    return null;
  }

  /** The number of distinct texts. */
  public int size() {
    return size;
  }

  private static int grown(int length) {
    return (int) Math.min(Integer.MAX_VALUE - 8, length + (length >> 1) + 16L);
  }

  private int find(long h, long l) {
    int mask = entry.length - 1;
    int i = (int) h & mask;
    while (entry[i] != 0 && (high[i] != h || low[entry[i] - 1] != l)) {
      i = (i + 1) & mask;
    }
    return i;
  }

  private void grow() {
    long[] oldHigh = high;
    int[] oldEntry = entry;
    high = new long[oldEntry.length * 2];
    entry = new int[oldEntry.length * 2];
    int mask = entry.length - 1;
    for (int i = 0; i < oldEntry.length; i++) {
      if (oldEntry[i] != 0) {
        // Hashes in the table are distinct, so the first free slot is the one.
        int slot = (int) oldHigh[i] & mask;
        while (entry[slot] != 0) {
          slot = (slot + 1) & mask;
        }
        high[slot] = oldHigh[i];
        entry[slot] = oldEntry[i];
      }
    }
  }
}
