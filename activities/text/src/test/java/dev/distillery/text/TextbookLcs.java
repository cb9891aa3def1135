package dev.distillery.text;

/**
 * The longest common subsequence and {@code fuzz.ratio} by the dynamic-programming table, written
 * apart from {@link IndelPattern}: the oracle that tests check fast code against.
 */
public final class TextbookLcs {
  private TextbookLcs() {}

  /** The length of the longest common subsequence of {@code a} and {@code b}. */
  public static int lcs(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int i = 1; i <= a.length(); i++) {
      for (int j = 1; j <= b.length(); j++) {
        current[j] =
            a.charAt(i - 1) == b.charAt(j - 1)
                ? previous[j - 1] + 1
                : Math.max(previous[j], current[j - 1]);
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }

  /** rapidfuzz's {@code fuzz.ratio}: {@code 200 * lcs / (|a| + |b|)}, 100 when both are empty. */
  public static double ratio(String a, String b) {
    int total = a.length() + b.length();
    return total == 0 ? 100 : 200.0 * lcs(a, b) / total;
  }
}
