package dev.distillery.text;

import java.util.Arrays;

/**
 * MinHash signatures of texts over their character shingles, by one-permutation hashing: each
 * shingle is hashed once and lands in one of {@code bins} bins, each bin keeping its smallest
 * value; an empty bin borrows from non-empty bins probed in an order of its own (optimal
 * densification, Shrivastava 2017: unlike borrowing from the next bin, neighbouring empty bins do
 * not all copy one value, which would make a band of them agree as often as a single bin), so two
 * texts agree on a bin with probability close to the Jaccard similarity of their shingle sets. A
 * shingle is {@link #SHINGLE} consecutive chars; a shorter text is one shingle. In a run of equal
 * shingles (a ruler of {@code =}, a blank of {@code _}) each is an element of its own, as the LCS
 * counts every char of it: with sets alone, two texts sharing a long ruler and little else were at
 * ratio 80 with a Jaccard similarity of 0.11, out of reach of the LSH.
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

  /** A bin's value while no shingle has landed in it; real values are below it (32 bits). */
  private static final long EMPTY = 1L << 32;

  /** Makes the k-th shingle of a run of equal ones an element apart from the first. */
  private static final long RUN_STEP = 0x9E3779B97F4A7C15L;

  /** Bins each shingle lands in (see {@link #add}). */
  static final int COPIES = 2;

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

  /** The signature of {@code text} (normalized): {@link #bins()} unsigned 32-bit values. */
  public int[] signature(String text) {
    char[] chars = text.toCharArray();
    return signature(chars, chars.length);
  }

  /** The signature of the text in {@code text}, as {@link #signature(String)} of its string. */
  public int[] signature(NormalizedText text) {
    return signature(text.chars(), text.length());
  }

  private int[] signature(char[] text, int n) {
    long[] min = new long[bins];
    Arrays.fill(min, EMPTY);
    if (addShingles(text, n, min, true) < MIN_RARE && common.size() > 0) {
      Arrays.fill(min, EMPTY);
      addShingles(text, n, min, false);
    }
    int[] out = new int[bins];
    for (int b = 0; b < bins; b++) {
      long value = min[b];
      if (value >= EMPTY) {
        value = borrow(min, b);
      }
      out[b] = (int) value;
    }
    return out;
  }

  /**
   * The value empty bin {@code b} borrows: that of the first non-empty bin among its probes, plus
   * the probe's number times a constant. The first {@link #PROBES} probes are read without a branch
   * (which probe answers is as unpredictable as which bins are empty); the loop beyond them is
   * rarely needed.
   */
  private long borrow(long[] min, int b) {
    long value = EMPTY;
    for (int attempt = PROBES; attempt >= 1; attempt--) {
      long candidate = min[probes[b * PROBES + attempt - 1]];
      long emptyMask = -(candidate >>> 32);
      long borrowed = (candidate + attempt * 0x61C88647L) & 0xFFFFFFFFL;
      value = (borrowed & ~emptyMask) | (value & emptyMask);
    }
    for (int attempt = PROBES + 1; value >= EMPTY; attempt++) {
      long candidate = min[probe(b, attempt)];
      if (candidate < EMPTY) {
        value = (candidate + attempt * 0x61C88647L) & 0xFFFFFFFFL;
      }
    }
    return value;
  }

  /**
   * Adds the shingles of the first {@code n} chars of {@code text} ({@link #shingles}, without the
   * array) to {@code min}, only those outside {@link CommonShingles} when {@code rareOnly}; returns
   * how many it added.
   */
  private int addShingles(char[] text, int n, long[] min, boolean rareOnly) {
    if (n <= SHINGLE) {
      long packed = 0;
      for (int i = 0; i < n; i++) {
        packed = (packed << 16) | text[i];
      }
      packed ^= (long) n << 60;
      if (rareOnly && common.contains(packed)) {
        return 0;
      }
      add(min, packed);
      return 1;
    }
    // First the shingles to add, without a branch (about one in four is rare, in no predictable
    // order): each is written, and the count moves on past the rare ones only.
    long[] kept = new long[n - SHINGLE + 1];
    int added = 0;
    long commonMask = rareOnly ? 1 : 0;
    long packed = 0;
    for (int i = 0; i < SHINGLE - 1; i++) {
      packed = (packed << 16) | text[i];
    }
    long previous = ~packed;
    long run = 0;
    for (int i = SHINGLE - 1; i < n; i++) {
      packed = (packed << 16) | text[i];
      // The k-th shingle of a run of equal ones is an element of its own (see the class comment).
      run = packed == previous ? run + 1 : 0;
      previous = packed;
      kept[added] = packed ^ (run * RUN_STEP);
      added += 1 - (int) (common.bit(packed) & commonMask);
    }
    for (int i = 0; i < added; i++) {
      add(min, kept[i]);
    }
    return added;
  }

  /**
   * Puts {@code shingle} in {@link #COPIES} bins. Copy {@code j} stands for the element {@code
   * (shingle, j)}: two texts' sets of such elements have the Jaccard similarity of their shingle
   * sets, and with twice the elements fewer bins stay empty and borrow (borrowing costs more than a
   * copy). Per copy, a multiplication picks the bin (top bits) and a xorshift, a second
   * multiplication and a fold give the value, so that shingles one char apart do not get values a
   * constant apart, as plain multiplicative hashing would give them.
   */
  private void add(long[] min, long shingle) {
    for (int j = 0; j < COPIES; j++) {
      long h = (shingle + j * 0xD1B54A32D192ED03L) * 0x9E3779B97F4A7C15L;
      int bin = (int) (((h >>> 32) * bins) >>> 32);
      long g = (h ^ (h >>> 29)) * 0xBF58476D1CE4E5B9L;
      min[bin] = Math.min(min[bin], (g ^ (g >>> 32)) & 0xFFFFFFFFL);
    }
  }
}
