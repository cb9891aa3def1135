package dev.distillery.text;

import java.util.Arrays;

/**
 * Shingles so frequent in a sample of texts ("the ", " of ", "find") that they say little about
 * whether two texts are near copies: {@link MinHash} leaves them out. Without this, unrelated
 * questions agree on many MinHash bins through the shingles every question has (Jaccard about 0.12
 * between unrelated generated questions, against under 0.01 without the common shingles), and LSH
 * bands collide so often that candidate pairs grow with the square of the rows.
 *
 * <p>A shingle is common when more than {@link #FRACTION} of the sample's texts hold it. A sample
 * of fewer than {@link #MIN_SAMPLE} texts says nothing reliable, so it yields {@link #NONE}.
 */
public final class CommonShingles {
  /** Fewest sample texts from which common shingles are taken. */
  public static final int MIN_SAMPLE = 1000;

  /** The share of sample texts above which a shingle is common, unless told otherwise. */
  public static final double FRACTION = 0.05;

  /** No common shingles: MinHash over every shingle. */
  public static final CommonShingles NONE = new CommonShingles(new long[0]);

  /** One bit per value of a shingle hash's top {@link #BITS} bits. */
  private static final int BITS = 18;

  private final long[] bits = new long[1 << (BITS - 6)];
  private final int size;

  private CommonShingles(long[] shingles) {
    for (long shingle : shingles) {
      int index = index(shingle);
      bits[index >>> 6] |= 1L << index;
    }
    this.size = shingles.length;
  }

  /** The common shingles of {@code sample} (normalized texts), or {@link #NONE} for a small one. */
  public static CommonShingles of(Iterable<String> sample) {
    return of(sample, FRACTION);
  }

  /**
   * The shingles of {@code sample} held by more than {@code fraction} of its texts, or {@link
   * #NONE} for a small sample.
   */
  public static CommonShingles of(Iterable<String> sample, double fraction) {
    // Texts per shingle in an open-addressing table: a HashMap<Long, ...> boxes every shingle,
    // and packed chars hash so alike under Long.hashCode that its bins turn into trees.
    long[] keys = new long[1 << 16];
    int[] counts = new int[keys.length];
    int distinct = 0;
    int texts = 0;
    for (String text : sample) {
      texts++;
      long[] shingles = MinHash.shingles(text);
      Arrays.sort(shingles);
      for (int i = 0; i < shingles.length; i++) {
        if (i > 0 && shingles[i] == shingles[i - 1]) {
          continue;
        }
        if (distinct * 2 >= keys.length) {
          long[] oldKeys = keys;
          int[] oldCounts = counts;
          keys = new long[oldKeys.length * 2];
          counts = new int[keys.length];
          for (int k = 0; k < oldKeys.length; k++) {
            if (oldCounts[k] > 0) {
              int slot = slot(keys, counts, oldKeys[k]);
              keys[slot] = oldKeys[k];
              counts[slot] = oldCounts[k];
            }
          }
        }
        int slot = slot(keys, counts, shingles[i]);
        if (counts[slot] == 0) {
          keys[slot] = shingles[i];
          distinct++;
        }
        counts[slot]++;
      }
    }
    if (texts < MIN_SAMPLE) {
      return NONE;
    }
    double limit = fraction * texts;
    long[] common = new long[distinct];
    int size = 0;
    for (int k = 0; k < keys.length; k++) {
      if (counts[k] > limit) {
        common[size++] = keys[k];
      }
    }
    return new CommonShingles(Arrays.copyOf(common, size));
  }

  /** The slot of {@code key}, or the free slot (count 0) where it goes. */
  private static int slot(long[] keys, int[] counts, long key) {
    int mask = keys.length - 1;
    int i = (int) Texts.mix(key) & mask;
    while (counts[i] != 0 && keys[i] != key) {
      i = (i + 1) & mask;
    }
    return i;
  }

  /**
   * Whether {@code shingle} (packed as {@link MinHash#shingles} packs it) is common. A bitmap
   * answers, indexed by a multiplicative hash of the shingle, so a shingle whose index equals a
   * common one's counts as common too: some 0.4% of the others for 1,000 common shingles, always
   * the same ones.
   */
  public boolean contains(long shingle) {
    int index = index(shingle);
    return (bits[index >>> 6] & (1L << index)) != 0;
  }

  /** {@link #contains} as 1 or 0, without a branch. */
  long bit(long shingle) {
    int index = index(shingle);
    return (bits[index >>> 6] >>> index) & 1;
  }

  private static int index(long shingle) {
    return (int) ((shingle * 0x9E3779B97F4A7C15L) >>> (64 - BITS));
  }

  /** The number of common shingles. */
  public int size() {
    return size;
  }
}
