package dev.distillery.text;

import java.util.Arrays;

/**
 * Candidate pairs among many texts by LSH banding, shuffle-style: each added signature leaves one
 * 32-bit key per band (4 bytes a band a row); {@link #pairs()} then sorts each band's keys and
 * pairs rows that share a key. Memory is {@code 4 * bands} bytes a row plus the pairs, never the
 * texts.
 *
 * <p>Within a group of rows sharing a band key, each row is paired with the first {@link #LEADERS}
 * rows of the group before it, so a text repeated many times costs a bounded number of pairs; the
 * first occurrences, which dedup keeps, are always among them. A false 32-bit key match only adds a
 * pair that verification rejects.
 */
public final class LshPairs {
  /** How many earlier rows of a group each row is paired with. */
  public static final int LEADERS = 8;

  private final LshBands lsh;
  private final int[][] keys;
  private int rows;

  public LshPairs(LshBands lsh) {
    this.lsh = lsh;
    this.keys = new int[lsh.bands()][1024];
  }

  /** Adds the next row's signature; rows are numbered from 0 in the order added. */
  public void add(int[] signature) {
    if (rows == keys[0].length) {
      for (int b = 0; b < keys.length; b++) {
        keys[b] = Arrays.copyOf(keys[b], rows * 2);
      }
    }
    for (int b = 0; b < keys.length; b++) {
      keys[b][rows] = (int) lsh.key(signature, b);
    }
    rows++;
  }

  /** The number of rows added. */
  public int rows() {
    return rows;
  }

  /**
   * Every candidate pair once, as {@code (long) later << 32 | earlier}, in ascending order (so
   * grouped by the later row, earlier rows ascending). Releases the band keys: call once.
   */
  public long[] pairs() {
    long[] sorted = new long[rows];
    long[] pairs = new long[Math.max(16, rows / 4)];
    int count = 0;
    for (int b = 0; b < keys.length; b++) {
      int[] band = keys[b];
      for (int i = 0; i < rows; i++) {
        sorted[i] = ((long) band[i] << 32) | i;
      }
      keys[b] = null;
      Arrays.sort(sorted);
      int start = 0;
      while (start < rows) {
        long key = sorted[start] >>> 32;
        int end = start + 1;
        while (end < rows && sorted[end] >>> 32 == key) {
          end++;
        }
        for (int j = start + 1; j < end; j++) {
          long later = sorted[j] & 0xFFFFFFFFL;
          for (int i = start; i < Math.min(j, start + LEADERS); i++) {
            if (count == pairs.length) {
              pairs = Arrays.copyOf(pairs, count * 2);
            }
            pairs[count++] = later << 32 | (sorted[i] & 0xFFFFFFFFL);
          }
        }
        start = end;
      }
      if (count > pairs.length / 2 && count > 1 << 20) {
        count = sortUnique(pairs, count);
      }
    }
    count = sortUnique(pairs, count);
    return Arrays.copyOf(pairs, count);
  }

  private static int sortUnique(long[] values, int count) {
    Arrays.sort(values, 0, count);
    int unique = 0;
    for (int i = 0; i < count; i++) {
      if (unique == 0 || values[unique - 1] != values[i]) {
        values[unique++] = values[i];
      }
    }
    return unique;
  }
}
