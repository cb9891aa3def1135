package dev.distillery.text;

/**
 * A set of 64-bit hashes that may answer "maybe" for a hash it does not hold, never "no" for one it
 * holds: a blocked Bloom filter, the three bits of a key in one 64-bit word, so a lookup is one
 * memory access into an array of about two bytes a key. In front of a large hash table that most
 * lookups miss, it turns a cache miss a lookup into a cache hit and about 1% of the misses. The
 * keys must already be well mixed (as {@link Texts#mix} leaves them).
 */
public final class LongBloomFilter {
  private final long[] words;
  private final int shift;

  /** A filter sized for {@code expectedKeys} keys at 16 to 32 bits a key. */
  public LongBloomFilter(long expectedKeys) {
    long wanted = Math.max(1, expectedKeys / 4);
    int log2 = 64 - Long.numberOfLeadingZeros(wanted - 1);
    if (log2 > 28) {
      throw new IllegalArgumentException("too many keys for one filter: " + expectedKeys);
    }
    this.words = new long[1 << log2];
    this.shift = 64 - log2;
  }

  public void add(long key) {
    words[index(key)] |= bits(key);
  }

  /** False when {@code key} was never added; true when it was, and for a few others. */
  public boolean mightContain(long key) {
    long bits = bits(key);
    return (words[index(key)] & bits) == bits;
  }

  private int index(long key) {
    return shift == 64 ? 0 : (int) (key >>> shift);
  }

  private static long bits(long key) {
    return (1L << key) | (1L << (key >>> 6)) | (1L << (key >>> 12));
  }
}
