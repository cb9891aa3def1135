package dev.distillery.text;

import java.util.Arrays;
import java.util.List;

/**
 * Texts ranked by length, so that those whose length lets a {@code fuzz.ratio} reach a threshold
 * form one range of ranks: a ratio of t needs the shorter text to be at least {@code t / (200 - t)}
 * of the longer (the LCS is at most the shorter length). Immutable.
 */
public final class LengthOrder {
  private final int[] byLength;
  private final int[] lengths;

  /** The order of {@code texts} by length, shortest first (ties by index). */
  public LengthOrder(List<String> texts) {
    int n = texts.size();
    long[] order = new long[n];
    for (int i = 0; i < n; i++) {
      order[i] = ((long) texts.get(i).length() << 32) | i;
    }
    Arrays.sort(order);
    byLength = new int[n];
    lengths = new int[n];
    for (int rank = 0; rank < n; rank++) {
      byLength[rank] = (int) order[rank];
      lengths[rank] = (int) (order[rank] >>> 32);
    }
  }

  public int size() {
    return byLength.length;
  }

  /** The index (in the list given) of the text of rank {@code rank}. */
  public int text(int rank) {
    return byLength[rank];
  }

  /** The length of the text of rank {@code rank}. */
  public int length(int rank) {
    return lengths[rank];
  }

  /**
   * The first rank whose text may reach ratio {@code threshold} with a text of length {@code m}:
   * every shorter one is below {@code m * t / (200 - t)} chars.
   */
  public int from(int m, double threshold) {
    return threshold >= 200
        ? firstAtLeast(m)
        : firstAtLeast((long) Math.floor(m * threshold / (200 - threshold)));
  }

  /** One past the last rank whose text may reach ratio {@code threshold} with length {@code m}. */
  public int to(int m, double threshold) {
    return threshold <= 0
        ? lengths.length
        : firstAtLeast((long) Math.ceil(m * (200 - threshold) / threshold) + 1);
  }

  private int firstAtLeast(long length) {
    int lo = 0;
    int hi = lengths.length;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (lengths[mid] < length) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }
}
