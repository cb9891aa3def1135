package dev.distillery.text;

import java.util.Arrays;

/**
 * The first id seen for each text, keyed by the text's {@link Texts#hash128 128-bit hash} so the
 * texts themselves are not kept: about 40 bytes a text plus its id. Not thread-safe.
 */
public final class TextHashIndex {
  private long[] high = new long[1024];
  private long[] low = new long[1024];
  private String[] ids = new String[1024];
  private int size;

  /**
   * Records {@code id} for {@code text} unless the text was seen before.
   *
   * @return the id first recorded for the same text, or null when {@code text} is new
   */
  public String putIfAbsent(String text, String id) {
    long[] hash = Texts.hash128(text);
    if ((size + 1) * 2 > ids.length) {
      grow();
    }
    int slot = find(hash[0], hash[1]);
    if (ids[slot] != null) {
      return ids[slot];
    }
    high[slot] = hash[0];
    low[slot] = hash[1];
    ids[slot] = id;
    size++;
    return null;
  }

  /** The number of distinct texts. */
  public int size() {
    return size;
  }

  private int find(long h, long l) {
    int mask = ids.length - 1;
    int i = (int) h & mask;
    while (ids[i] != null && (high[i] != h || low[i] != l)) {
      i = (i + 1) & mask;
    }
    return i;
  }

  private void grow() {
    long[] oldHigh = high;
    long[] oldLow = low;
    String[] oldIds = ids;
    high = new long[oldIds.length * 2];
    low = new long[oldIds.length * 2];
    ids = new String[oldIds.length * 2];
    for (int i = 0; i < oldIds.length; i++) {
      if (oldIds[i] != null) {
        int slot = find(oldHigh[i], oldLow[i]);
        high[slot] = oldHigh[i];
        low[slot] = oldLow[i];
        ids[slot] = oldIds[i];
      }
    }
    Arrays.fill(oldIds, null);
  }
}
