package dev.distillery.stages;

import dev.distillery.store.RowSink;
import java.util.Arrays;

/**
 * Statistics of an exported dataset, recorded as manifest counters: {@code rows}; {@code
 * tokens_whitespace}, an approximate token count (whitespace-separated words of every message, not
 * a model tokenizer's count); the assistant answer length in characters at the median, the 90th
 * percentile and the maximum ({@code answer_chars_p50}, {@code answer_chars_p90}, {@code
 * answer_chars_max}); and rows per source and per domain ({@code source.<name>}, {@code
 * domain.<name>}). Answer lengths are kept in memory, 4 bytes per row, for the percentiles.
 */
final class DatasetStats {
  private final RowSink out;
  private int[] answerChars = new int[1024];
  private int rows;

  DatasetStats(RowSink out) {
    this.out = out;
  }

  /** Counts one exported row. */
  void add(String source, String domain, String prompt, String answer) {
    if (rows == answerChars.length) {
      answerChars = Arrays.copyOf(answerChars, rows * 2);
    }
    answerChars[rows++] = answer.length();
    out.count("source." + source, 1);
    out.count("domain." + domain, 1);
    out.count("tokens_whitespace", words(prompt) + words(answer));
  }

  /** Records the row count and the answer length distribution. */
  void finish() {
    int[] sorted = Arrays.copyOf(answerChars, rows);
    Arrays.sort(sorted);
    out.count("rows", rows);
    out.count("answer_chars_p50", percentile(sorted, 50));
    out.count("answer_chars_p90", percentile(sorted, 90));
    out.count("answer_chars_max", rows == 0 ? 0 : sorted[rows - 1]);
  }

  /** The nearest-rank percentile of sorted values; 0 for none. */
  static int percentile(int[] sorted, int p) {
    if (sorted.length == 0) {
      return 0;
    }
    int rank = (int) Math.ceil(p / 100.0 * sorted.length);
    return sorted[Math.max(0, rank - 1)];
  }

  static long words(String text) {
    long count = 0;
    boolean inWord = false;
    for (int i = 0; i < text.length(); i++) {
      boolean space = Character.isWhitespace(text.charAt(i));
      if (!space && !inWord) {
        count++;
      }
      inWord = !space;
    }
    return count;
  }
}
