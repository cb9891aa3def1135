package dev.distillery.text;

import java.util.Arrays;

/**
 * The items of each key of one LSH band, read sequentially: the (32-bit key, item) pairs sorted by
 * key in one array of longs, found through a directory indexed by the top bits of the key. A lookup
 * is a directory read and a short scan of adjacent entries, where a hash table of lists would chase
 * a pointer per item. Immutable.
 */
public final class BandTable {
  private final long[] entries;
  private final int[] directory;
  private final int shift;

  /** A table of {@code keys[i]} for item {@code i}. */
  public BandTable(int[] keys) {
    int n = keys.length;
    entries = new long[n];
    for (int i = 0; i < n; i++) {
      // Signed longs sort as their signed top halves, the keys, then the items.
      entries[i] = ((long) keys[i] << 32) | i;
    }
    Arrays.sort(entries);
    int bits = Math.max(1, 32 - Integer.numberOfLeadingZeros(Math.max(1, n - 1)));
    shift = 32 - bits;
    directory = new int[(1 << bits) + 1];
    int e = 0;
    for (int d = 0; d <= 1 << bits; d++) {
      while (e < n && bucket(e) < d) {
        e++;
      }
      directory[d] = e;
    }
  }

  /** The directory bucket of a key: its top bits, the sign flipped so buckets rise with keys. */
  private int bucketOf(int key) {
    return (key ^ Integer.MIN_VALUE) >>> shift;
  }

  private int bucket(int entry) {
    return bucketOf((int) (entries[entry] >> 32));
  }

  /** The index of the first entry of {@code key}, or -1 when there is none. */
  public int first(int key) {
    int d = bucketOf(key);
    for (int e = directory[d], end = directory[d + 1]; e < end; e++) {
      int k = (int) (entries[e] >> 32);
      if (k == key) {
        return e;
      }
      if (k > key) {
        return -1;
      }
    }
    return -1;
  }

  /** Whether entry {@code e} exists and has {@code key}: to go on from {@link #first}. */
  public boolean has(int e, int key) {
    return e < entries.length && (int) (entries[e] >> 32) == key;
  }

  /** The item of entry {@code e}. */
  public int item(int e) {
    return (int) entries[e];
  }
}
