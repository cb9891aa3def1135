package dev.distillery.text;

/**
 * MinHash signatures of texts over their character shingles, by one-permutation hashing: each
 * shingle is hashed once and lands in one of {@code bins} bins, each bin keeping its smallest
 * value; empty bins borrow from the next non-empty bin (rotation densification, Shrivastava and Li
 * 2014), so two texts agree on a bin with probability close to the Jaccard similarity of their
 * shingle sets. A shingle is {@link #SHINGLE} consecutive chars; a shorter text is one shingle.
 */
public final class MinHash {
  /** Chars per shingle. Four UTF-16 chars pack into one long exactly, so shingles never collide. */
  public static final int SHINGLE = 4;

  private final int bins;

  public MinHash(int bins) {
    if (bins < 1) {
      throw new IllegalArgumentException("bins must be at least 1, got " + bins);
    }
    this.bins = bins;
  }

  public int bins() {
    return bins;
  }

  /** The signature of {@code text}: {@link #bins()} unsigned 32-bit values. */
  public int[] signature(String text) {
    long[] min = new long[bins];
    java.util.Arrays.fill(min, Long.MAX_VALUE);
    int n = text.length();
    if (n <= SHINGLE) {
      long packed = 0;
      for (int i = 0; i < n; i++) {
        packed = (packed << 16) | text.charAt(i);
      }
      add(min, Texts.mix(packed ^ ((long) n << 60)));
    } else {
      long packed = 0;
      for (int i = 0; i < n; i++) {
        packed = (packed << 16) | text.charAt(i);
        if (i >= SHINGLE - 1) {
          add(min, Texts.mix(packed));
        }
      }
    }
    int[] out = new int[bins];
    for (int b = 0; b < bins; b++) {
      int from = b;
      int distance = 0;
      while (min[from] == Long.MAX_VALUE) {
        from = from + 1 == bins ? 0 : from + 1;
        distance++;
      }
      out[b] = (int) (min[from] + distance * 0x61C88647L);
    }
    return out;
  }

  private void add(long[] min, long h) {
    int bin = (int) (((h >>> 32) * bins) >>> 32);
    long value = h & 0xFFFFFFFFL;
    if (value < min[bin]) {
      min[bin] = value;
    }
  }
}
