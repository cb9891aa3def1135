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

  /**
   * Where a scan for {@code key} starts: the first entry of its directory bucket, which holds its
   * entries and a few of other keys (about one a bucket), to be told apart with {@link #key}. A
   * lookup is then one read of the directory, with no branch on what it finds, so that the lookups
   * of many bands overlap their cache misses.
   */
  public int bucketStart(int key) {
    return directory[bucketOf(key)];
  }

  /** The end (exclusive) of the directory bucket of {@code key}. */
  public int bucketEnd(int key) {
    return directory[bucketOf(key) + 1];
  }

  /** The key of entry {@code e}. */
  public static int key(long entry) {
    return (int) (entry >> 32);
  }

  /** The item of entry {@code e}. */
  public static int item(long entry) {
    return (int) entry;
  }

  /** Entry {@code e} (see {@link #key} and {@link #item}). */
  public long entry(int e) {
    return entries[e];
  }
}
