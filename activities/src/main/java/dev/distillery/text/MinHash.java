package dev.distillery.text;

import java.util.Arrays;

/**
 * MinHash signatures of texts over their character shingles, by one-permutation hashing: each
 * shingle is hashed once and lands in one of {@code bins} bins, each bin keeping its smallest
 * value; an empty bin borrows from non-empty bins probed in an order of its own (optimal
 * densification, Shrivastava 2017: unlike borrowing from the next bin, neighbouring empty bins do
 * not all copy one value, which would make a band of them agree as often as a single bin), so two
 * texts agree on a bin with probability close to the Jaccard similarity of their shingle sets. A
 * shingle is {@link #SHINGLE} consecutive chars; a shorter text is one shingle.
 *
 * <p>Shingles in {@link CommonShingles} are left out, unless a text has fewer than {@link
 * #MIN_RARE} other shingles: then all of its shingles count, so that a text made of common shingles
 * only still has a signature of its own.
 */
public final class MinHash {
  /** Chars per shingle. Four UTF-16 chars pack into one long exactly, so shingles never collide. */
  public static final int SHINGLE = 4;

  /** Fewest shingles outside the common ones for a signature to leave the common ones out. */
  public static final int MIN_RARE = 8;

  /** Probes of an empty bin computed once, in the constructor. */
  private static final int PROBES = 8;

  private final int bins;
  private final CommonShingles common;
  private final int[] probes;

  public MinHash(int bins) {
    this(bins, CommonShingles.NONE);
  }

  /** A MinHash that leaves out {@code common} shingles (see the class comment). */
  public MinHash(int bins, CommonShingles common) {
    if (bins < 1) {
      throw new IllegalArgumentException("bins must be at least 1, got " + bins);
    }
    this.bins = bins;
    this.common = common;
    this.probes = new int[bins * PROBES];
    for (int b = 0; b < bins; b++) {
      for (int attempt = 1; attempt <= PROBES; attempt++) {
        probes[b * PROBES + attempt - 1] = probe(b, attempt);
      }
    }
  }

  /** The bin that empty bin {@code b} borrows from at its {@code attempt}-th try. */
  private int probe(int b, int attempt) {
    long h = Texts.mix(((long) b << 32) | attempt);
    return (int) (((h >>> 32) * bins) >>> 32);
  }

  public int bins() {
    return bins;
  }

  /**
   * Each shingle of {@code text}, in order (duplicates kept), as its chars packed into a long (a
   * text of at most {@link #SHINGLE} chars: its chars, and its length in the top bits).
   */
  public static long[] shingles(String text) {
    int n = text.length();
    if (n <= SHINGLE) {
      return new long[] {packShort(text)};
    }
    long[] out = new long[n - SHINGLE + 1];
    long packed = 0;
    for (int i = 0; i < n; i++) {
      packed = (packed << 16) | text.charAt(i);
      if (i >= SHINGLE - 1) {
        out[i - SHINGLE + 1] = packed;
      }
    }
    return out;
  }

  private static long packShort(String text) {
    long packed = 0;
    for (int i = 0; i < text.length(); i++) {
      packed = (packed << 16) | text.charAt(i);
    }
    return packed ^ ((long) text.length() << 60);
  }

  /** The signature of {@code text}: {@link #bins()} unsigned 32-bit values. */
  public int[] signature(String text) {
    long[] min = new long[bins];
    Arrays.fill(min, Long.MAX_VALUE);
    if (common.size() == 0 || addShingles(text, min, true) < MIN_RARE) {
      Arrays.fill(min, Long.MAX_VALUE);
      addShingles(text, min, false);
    }
    int[] out = new int[bins];
    for (int b = 0; b < bins; b++) {
      int from = b;
      int attempt = 0;
      while (min[from] == Long.MAX_VALUE) {
        attempt++;
        from = attempt <= PROBES ? probes[b * PROBES + attempt - 1] : probe(b, attempt);
      }
      out[b] = (int) (min[from] + attempt * 0x61C88647L);
    }
    return out;
  }

  /**
   * Adds the shingles of {@code text} ({@link #shingles}, without the array) to {@code min}, only
   * those outside {@link CommonShingles} when {@code rareOnly}; returns how many it added.
   */
  private int addShingles(String text, long[] min, boolean rareOnly) {
    int n = text.length();
    if (n <= SHINGLE) {
      long packed = packShort(text);
      if (rareOnly && common.contains(packed)) {
        return 0;
      }
      add(min, Texts.mix(packed));
      return 1;
    }
    long packed = 0;
    for (int i = 0; i < SHINGLE - 1; i++) {
      packed = (packed << 16) | text.charAt(i);
    }
    int added = 0;
    for (int i = SHINGLE - 1; i < n; i++) {
      packed = (packed << 16) | text.charAt(i);
      // The common-shingle test comes first: it is cheaper than the hash it spares.
      if (!rareOnly || !common.contains(packed)) {
        long h = Texts.mix(packed);
        int bin = (int) (((h >>> 32) * bins) >>> 32);
        min[bin] = Math.min(min[bin], h & 0xFFFFFFFFL);
        added++;
      }
    }
    return added;
  }

  private void add(long[] min, long h) {
    int bin = (int) (((h >>> 32) * bins) >>> 32);
    min[bin] = Math.min(min[bin], h & 0xFFFFFFFFL);
  }
}
