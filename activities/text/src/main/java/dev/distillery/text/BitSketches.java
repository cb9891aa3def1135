package dev.distillery.text;

/**
 * The low {@value #BITS} bits of each value of many items' MinHash signatures (b-bit MinHash, Li
 * and König 2010), to estimate how many signature values a query shares with an item at a few
 * nanoseconds an item: two values agree on their low bits with probability {@code J + (1 - J) /
 * 256} for texts of Jaccard similarity J. An item's values sit together in one array, so its test
 * reads adjacent cache lines. (A first test over 64 of the bins, then all, saved nothing: the items
 * tested are those that already share LSH bands with the query, and three in four of them passed
 * it. 4 bits a value let six times more pairs through: the noise term {@code (1 - J) / 16} blurs
 * the gap between unrelated texts near Jaccard 0.15 and the design similarity.)
 *
 * <p>Not thread-safe: the query is held here ({@link #setQuery}).
 */
public final class BitSketches {
  /** Bits kept of each signature value. */
  static final int BITS = 8;

  private static final int PER_WORD = 64 / BITS;

  private final int bins;
  private final int words;
  private final long[] sketches;
  private final long[] query;

  /** Room for {@code items} signatures of {@code bins} values. */
  public BitSketches(int bins, int items) {
    this.bins = bins;
    this.words = (bins + PER_WORD - 1) / PER_WORD;
    this.sketches = new long[Math.multiplyExact(items, words)];
    this.query = new long[words];
  }

  public int bins() {
    return bins;
  }

  /** Keeps the sketch of item {@code item}'s {@code signature}. */
  public void set(int item, int[] signature) {
    pack(signature, sketches, item * words);
  }

  /** The signature that {@link #agree} compares items with. */
  public void setQuery(int[] signature) {
    java.util.Arrays.fill(query, 0);
    pack(signature, query, 0);
  }

  private static void pack(int[] signature, long[] to, int at) {
    for (int k = 0; k < signature.length; k++) {
      long low = signature[k] & ((1L << BITS) - 1);
      to[at + k / PER_WORD] |= low << (BITS * (k % PER_WORD));
    }
  }

  /**
   * Bins where the query and {@code item} agree: bytes of the item's words equal to the query's. A
   * byte of {@code x = a ^ b} is zero exactly where they agree, and {@code ((x & 0x7f..) + 0x7f..)
   * | x} sets the high bit of every non-zero byte. Padding bytes are zero on both sides and are
   * taken off.
   */
  public int agree(int item) {
    int at = item * words;
    int differ = 0;
    for (int w = 0; w < words; w++) {
      long x = sketches[at + w] ^ query[w];
      differ +=
          Long.bitCount(
              (((x & 0x7F7F7F7F7F7F7F7FL) + 0x7F7F7F7F7F7F7F7FL) | x) & 0x8080808080808080L);
    }
    return bins - differ;
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
