package dev.distillery.text;

/**
 * One string prepared for many normalized Indel comparisons: the match masks of the bit-parallel
 * LCS of Hyyrö (2004), after Allison and Dix (1986), over UTF-16 chars. Comparing it with a string
 * of length n costs about n * ceil(m / 64) word operations, m being this string's length.
 *
 * <p>Not thread-safe (it reuses a scratch array); build one per thread.
 */
public final class IndelPattern {
  private static final int DIRECT = 256;

  private final String text;
  private final int words;

  /** Masks of chars below 256: {@code direct[c * words + w]}. */
  private final long[] direct;

  /** Masks of other chars, in an open-addressing table keyed by char. */
  private final char[] otherKeys;

  private final long[] otherMasks;
  private final boolean[] otherUsed;
  private final long[] state;

  public IndelPattern(String text) {
    this.text = text;
    int m = text.length();
    this.words = Math.max(1, (m + 63) >>> 6);
    this.direct = new long[DIRECT * words];
    int others = 0;
    for (int i = 0; i < m; i++) {
      if (text.charAt(i) >= DIRECT) {
        others++;
      }
    }
    int slots = Integer.highestOneBit(Math.max(1, others) * 2) * 2;
    this.otherKeys = new char[slots];
    this.otherUsed = new boolean[slots];
    this.otherMasks = new long[slots * words];
    for (int i = 0; i < m; i++) {
      char c = text.charAt(i);
      long bit = 1L << (i & 63);
      if (c < DIRECT) {
        direct[c * words + (i >>> 6)] |= bit;
      } else {
        otherMasks[slot(c, true) * words + (i >>> 6)] |= bit;
      }
    }
    this.state = new long[words];
  }

  /** The prepared string. */
  public String text() {
    return text;
  }

  /**
   * rapidfuzz's {@code fuzz.ratio}: {@code 100 * (1 - indel(a, b) / (|a| + |b|))}, which equals
   * {@code 200 * lcs(a, b) / (|a| + |b|)}; 100 when both are empty.
   */
  public double ratio(String other) {
    int total = text.length() + other.length();
    if (total == 0) {
      return 100.0;
    }
    return 200.0 * lcs(other) / total;
  }

  /**
   * Whether {@link #ratio} is at least {@code threshold}, skipping the LCS when the lengths alone
   * rule it out (the LCS is at most the shorter length).
   */
  public boolean atLeast(String other, double threshold) {
    int total = text.length() + other.length();
    if (total == 0) {
      return true;
    }
    int shorter = Math.min(text.length(), other.length());
    if (200.0 * shorter / total < threshold) {
      return false;
    }
    // The fewest common chars that reach the threshold; the LCS stops as soon as it cannot.
    int needed = (int) Math.ceil(threshold * total / 200.0 - 1e-9);
    while (200.0 * needed / total < threshold) {
      needed++;
    }
    return text.isEmpty() || other.isEmpty() ? needed <= 0 : lcsAtLeast(other, needed);
  }

  /**
   * Whether the LCS with {@code other} is at least {@code needed}: the bit-parallel LCS, checked
   * every {@value #CHECK_EVERY} chars of {@code other} against what the rest could still add (each
   * char at most one), so that pairs far from the threshold stop early.
   */
  private boolean lcsAtLeast(String other, int needed) {
    long[] s = state;
    java.util.Arrays.fill(s, ~0L);
    int n = other.length();
    for (int j = 0; j < n; j++) {
      advance(s, other.charAt(j));
      if ((j & (CHECK_EVERY - 1)) == CHECK_EVERY - 1 && count(s) + (n - j - 1) < needed) {
        return false;
      }
    }
    return count(s) >= needed;
  }

  private static final int CHECK_EVERY = 16;

  /** The LCS so far: the zero bits of the state within the pattern's length. */
  private int count(long[] s) {
    int m = text.length();
    int count = 0;
    for (int w = 0; w < words; w++) {
      long valid = w < words - 1 || (m & 63) == 0 ? ~0L : (1L << (m & 63)) - 1;
      count += Long.bitCount(~s[w] & valid);
    }
    return count;
  }

  /** Length of the longest common subsequence of the prepared string and {@code other}. */
  public int lcs(String other) {
    int m = text.length();
    if (m == 0 || other.isEmpty()) {
      return 0;
    }
    return words == 1 ? lcsOneWord(other) : lcsBlocks(other);
  }

  private int lcsOneWord(String other) {
    long s = ~0L;
    for (int j = 0, n = other.length(); j < n; j++) {
      long u = s & mask(other.charAt(j), 0);
      s = (s + u) | (s - u);
    }
    int m = text.length();
    long valid = m == 64 ? ~0L : (1L << m) - 1;
    return Long.bitCount(~s & valid);
  }

  private int lcsBlocks(String other) {
    long[] s = state;
    java.util.Arrays.fill(s, ~0L);
    for (int j = 0, n = other.length(); j < n; j++) {
      advance(s, other.charAt(j));
    }
    return count(s);
  }

  /** One step of the bit-parallel LCS over the blocks of {@code s}: the next char {@code c}. */
  private void advance(long[] s, char c) {
    int base = maskBase(c);
    if (base < 0) {
      return; // No match anywhere: S is unchanged since u = 0.
    }
    long[] table = c < DIRECT ? direct : otherMasks;
    long carry = 0;
    for (int w = 0; w < words; w++) {
      long sw = s[w];
      long u = sw & table[base + w];
      long sum = sw + u;
      long withCarry = sum + carry;
      carry =
          (Long.compareUnsigned(sum, sw) < 0 || Long.compareUnsigned(withCarry, sum) < 0) ? 1 : 0;
      s[w] = withCarry | (sw - u);
    }
  }

  private long mask(char c, int word) {
    int base = maskBase(c);
    if (base < 0) {
      return 0;
    }
    return (c < DIRECT ? direct : otherMasks)[base + word];
  }

  /** Index of the first mask word of {@code c}, or -1 when {@code c} is not in the pattern. */
  private int maskBase(char c) {
    if (c < DIRECT) {
      return c * words;
    }
    int slot = slot(c, false);
    return slot < 0 ? -1 : slot * words;
  }

  private int slot(char c, boolean insert) {
    int mask = otherKeys.length - 1;
    int i = (c * 0x9E3779B1) >>> 16 & mask;
    while (otherUsed[i]) {
      if (otherKeys[i] == c) {
        return i;
      }
      i = (i + 1) & mask;
    }
    if (!insert) {
      return -1;
    }
    otherUsed[i] = true;
    otherKeys[i] = c;
    return i;
  }

  /** {@code fuzz.ratio(a, b)}, preparing {@code a}; prefer an {@link IndelPattern} for many. */
  public static double ratio(String a, String b) {
    return new IndelPattern(a).ratio(b);
  }
}
