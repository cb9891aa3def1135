package dev.distillery.text;

/**
 * The low {@value #BITS} bits of each value of many items' MinHash signatures (b-bit MinHash, Li
 * and König 2010), to estimate how many signature values a query shares with an item at a few
 * nanoseconds an item: two values agree on their low bits with probability {@code J + (1 - J) /
 * 256} for texts of Jaccard similarity J. The first {@value #FIRST_BINS} bins of every item sit in
 * one array of 64 bytes an item, so the first test, which most items fail, reads one or two cache
 * lines; the other bins sit in a second array. (4 bits and twice the bins in the first test let six
 * times more pairs through: the noise term {@code (1 - J) / 16} blurs the gap between unrelated
 * texts near Jaccard 0.15 and the design similarity.)
 *
 * <p>Not thread-safe: the query is held here ({@link #setQuery}).
 */
public final class BitSketches {
  /** Bits kept of each signature value. */
  static final int BITS = 8;

  private static final int PER_WORD = 64 / BITS;

  /** Bins in the first array (8 words of 8). */
  public static final int FIRST_BINS = 64;

  private final int bins;
  private final int firstWords;
  private final int restWords;
  private final long[] first;
  private final long[] rest;
  private final long[] queryFirst;
  private final long[] queryRest;

  /** Room for {@code items} signatures of {@code bins} values. */
  public BitSketches(int bins, int items) {
    this.bins = bins;
    int firstBins = Math.min(bins, FIRST_BINS);
    this.firstWords = (firstBins + PER_WORD - 1) / PER_WORD;
    this.restWords = (bins - firstBins + PER_WORD - 1) / PER_WORD;
    this.first = new long[Math.multiplyExact(items, firstWords)];
    this.rest = new long[Math.multiplyExact(items, restWords)];
    this.queryFirst = new long[firstWords];
    this.queryRest = new long[restWords];
  }

  /** Bins of the first test: {@code min(bins, FIRST_BINS)}. */
  public int firstBins() {
    return Math.min(bins, FIRST_BINS);
  }

  public int bins() {
    return bins;
  }

  /** Keeps the sketch of item {@code item}'s {@code signature}. */
  public void set(int item, int[] signature) {
    pack(signature, first, item * firstWords, rest, item * restWords);
  }

  /** The signature that {@link #agreeFirst} and {@link #agreeAll} compare items with. */
  public void setQuery(int[] signature) {
    java.util.Arrays.fill(queryFirst, 0);
    java.util.Arrays.fill(queryRest, 0);
    pack(signature, queryFirst, 0, queryRest, 0);
  }

  private void pack(int[] signature, long[] to, int at, long[] toRest, int atRest) {
    int firstBins = firstBins();
    for (int k = 0; k < signature.length; k++) {
      long low = signature[k] & ((1L << BITS) - 1);
      if (k < firstBins) {
        to[at + k / PER_WORD] |= low << (BITS * (k % PER_WORD));
      } else {
        int j = k - firstBins;
        toRest[atRest + j / PER_WORD] |= low << (BITS * (j % PER_WORD));
      }
    }
  }

  /** Bins among the first {@link #firstBins()} where the query and {@code item} agree. */
  public int agreeFirst(int item) {
    return agreeing(first, item * firstWords, queryFirst, firstWords)
        - (firstWords * PER_WORD - firstBins());
  }

  /** Bins among all where the query and {@code item} agree. */
  public int agreeAll(int item) {
    return agreeFirst(item)
        + agreeing(rest, item * restWords, queryRest, restWords)
        - (restWords * PER_WORD - (bins - firstBins()));
  }

  /**
   * Bytes of words {@code [at, at + count)} equal to the query's: a byte of {@code x = a ^ b} is
   * zero exactly where they agree, and {@code ((x & 0x7f..) + 0x7f..) | x} sets the high bit of
   * every non-zero byte. Padding bytes are zero on both sides and count as agreeing.
   */
  private static int agreeing(long[] sketches, int at, long[] query, int count) {
    int differ = 0;
    for (int w = 0; w < count; w++) {
      long x = sketches[at + w] ^ query[w];
      differ +=
          Long.bitCount(
              (((x & 0x7F7F7F7F7F7F7F7FL) + 0x7F7F7F7F7F7F7F7FL) | x) & 0x8080808080808080L);
    }
    return count * PER_WORD - differ;
  }

  /**
   * The fewest of {@code bins} values that a pair of Jaccard similarity {@code jaccard} agrees on
   * but with probability about 0.0005: each agrees with probability {@code p = J + (1 - J) / 256},
   * and the count is binomial; 3.3 standard deviations under its mean.
   */
  public static int minAgree(int bins, double jaccard) {
    double p = jaccard + (1 - jaccard) / (1 << BITS);
    double mean = bins * p;
    return Math.max(1, (int) Math.floor(mean - 3.3 * Math.sqrt(mean * (1 - p))));
  }
}
