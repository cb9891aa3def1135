package dev.distillery.text;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The first id seen for each text, keyed by the text's {@link Texts#hash128 128-bit hash} so the
 * texts themselves are not kept. The ids are kept as UTF-8 bytes in one growing array, not as
 * strings: about 40 bytes a text plus its id's length (some 550 MB for 10^7 texts with 14-char ids,
 * against over 1.2 GB with a {@code String} per id). Not thread-safe.
 */
public final class TextHashIndex {
  private long[] high = new long[1024];
  private long[] low = new long[1024];

  /** Per slot, 1 + the number of the text whose id it holds; 0 when free. */
  private int[] entry = new int[1024];

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
    long h = Texts.hash64(text, 0x9E3779B97F4A7C15L);
    long l = Texts.hash64(text, 0xC2B2AE3D27D4EB4FL);
    // Grow at three quarters full: linear probing stays short, and the slots cost 20 bytes each.
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
    low[slot] = l;
    entry[slot] = size + 1;
    byte[] bytes = id.getBytes(StandardCharsets.UTF_8);
    int end = idStart[size];
    if (end + bytes.length > idBytes.length) {
      long grown = Math.max(idBytes.length * 2L, end + (long) bytes.length);
      if (grown > Integer.MAX_VALUE - 8) {
        throw new IllegalStateException("more than 2 GB of ids in one TextHashIndex");
      }
      idBytes = Arrays.copyOf(idBytes, (int) grown);
    }
    System.arraycopy(bytes, 0, idBytes, end, bytes.length);
    size++;
    if (size + 1 > idStart.length) {
      idStart = Arrays.copyOf(idStart, idStart.length * 2);
    }
    idStart[size] = end + bytes.length;
    return null;
  }

  /** The number of distinct texts. */
  public int size() {
    return size;
  }

  private int find(long h, long l) {
    int mask = entry.length - 1;
    int i = (int) h & mask;
    while (entry[i] != 0 && (high[i] != h || low[i] != l)) {
      i = (i + 1) & mask;
    }
    return i;
  }

  private void grow() {
    long[] oldHigh = high;
    long[] oldLow = low;
    int[] oldEntry = entry;
    high = new long[oldEntry.length * 2];
    low = new long[oldEntry.length * 2];
    entry = new int[oldEntry.length * 2];
    for (int i = 0; i < oldEntry.length; i++) {
      if (oldEntry[i] != 0) {
        int slot = find(oldHigh[i], oldLow[i]);
        high[slot] = oldHigh[i];
        low[slot] = oldLow[i];
        entry[slot] = oldEntry[i];
      }
    }
  }
}
