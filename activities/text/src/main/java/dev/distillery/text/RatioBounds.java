package dev.distillery.text;

import java.util.Arrays;
import java.util.List;
import java.util.function.IntConsumer;

/**
 * Every text of a fixed set that may be within a {@code fuzz.ratio} threshold of a query, by two
 * bounds that never leave such a text out, so that verifying what they pass gives the ratio rule to
 * the letter. With {@code L} the LCS and {@code m}, {@code n} the lengths, the ratio is {@code 200
 * L / (m + n)}, and:
 *
 * <ul>
 *   <li>{@code L <= min(m, n)}: only texts whose length is within {@code [m t / (200 - t), m (200 -
 *       t) / t]} can reach {@code t}; the texts are sorted by length and the range is found by
 *       binary search.
 *   <li>{@code L <= sum over chars c of min(count_a(c), count_b(c))}: a common subsequence uses
 *       each char at most as often as either text holds it. Counts are kept per class of chars (a
 *       class sums its chars' counts, and {@code min(a1, b1) + min(a2, b2) <= min(a1 + a2, b1 +
 *       b2)}, so the bound only loosens): ASCII chars each have their own class, every other char
 *       shares one of {@value #SHARED_CLASSES} classes.
 * </ul>
 *
 * Immutable once built; {@link #forEachPossible} is not thread-safe (it reuses a scratch array).
 */
public final class RatioBounds {
  private static final int SHARED_CLASSES = 32;
  private static final int CLASSES = 128 + SHARED_CLASSES;

  private final LengthOrder order;

  /**
   * Per text in {@link #byLength} order, its non-zero class counts as {@code class << 16 | count}
   * from {@code offsets[k]} to {@code offsets[k + 1]} (counts above 65535 are split over entries).
   */
  private final int[] counts;

  private final int[] offsets;
  private final double threshold;
  private final int[] query = new int[CLASSES];

  /** Bounds over {@code texts} (as they will be compared) for ratio threshold {@code threshold}. */
  public RatioBounds(List<String> texts, double threshold) {
    this.threshold = threshold;
    int n = texts.size();
    order = new LengthOrder(texts);
    offsets = new int[n + 1];
    int[] histogram = new int[CLASSES];
    int[] packed = new int[Math.max(16, n * 24)];
    int size = 0;
    for (int k = 0; k < n; k++) {
      String text = texts.get(order.text(k));
      for (int i = 0; i < text.length(); i++) {
        histogram[classOf(text.charAt(i))]++;
      }
      for (int c = 0; c < CLASSES; c++) {
        for (int count = histogram[c]; count > 0; count -= 0xFFFF) {
          if (size == packed.length) {
            packed = Arrays.copyOf(packed, size * 2);
          }
          packed[size++] = c << 16 | Math.min(count, 0xFFFF);
        }
        histogram[c] = 0;
      }
      offsets[k + 1] = size;
    }
    counts = Arrays.copyOf(packed, size);
  }

  private static int classOf(char c) {
    return c < 128 ? c : 128 + ((c * 0x9E3779B1) >>> (32 - 5));
  }

  /** The number of texts. */
  public int size() {
    return order.size();
  }

  /**
   * Calls {@code possible} with the index of every text whose length and char counts leave its
   * ratio to {@code text} able to reach the threshold, shortest texts first. No text whose ratio
   * reaches the threshold is left out.
   */
  public void forEachPossible(String text, IntConsumer possible) {
    int m = text.length();
    double t = threshold;
    for (int i = 0; i < m; i++) {
      query[classOf(text.charAt(i))]++;
    }
    try {
      for (int k = order.from(m, t), last = order.to(m, t); k < last; k++) {
        int n = order.length(k);
        if (m + n == 0) {
          possible.accept(order.text(k));
          continue;
        }
        long bound = 0;
        for (int e = offsets[k], end = offsets[k + 1]; e < end; e++) {
          int entry = counts[e];
          bound += Math.min(query[entry >>> 16], entry & 0xFFFF);
        }
        bound = Math.min(bound, Math.min(m, n));
        if (200.0 * bound / (m + n) >= t - 1e-9) {
          possible.accept(order.text(k));
        }
      }
    } finally {
      for (int i = 0; i < m; i++) {
        query[classOf(text.charAt(i))] = 0;
      }
    }
  }
}
