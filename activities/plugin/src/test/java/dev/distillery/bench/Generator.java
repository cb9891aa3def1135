package dev.distillery.bench;

import java.util.Random;

/**
 * Generates math-flavoured questions of about 300 chars from a 5,000-word vocabulary (Zipf-like
 * word frequencies, numbers and formulas mixed in), and near copies of them by word edits.
 */
final class Generator {
  private static final String[] COMMON = {
    "the",
    "of",
    "a",
    "and",
    "is",
    "in",
    "to",
    "find",
    "let",
    "be",
    "what",
    "if",
    "such",
    "that",
    "number",
    "value",
    "sum",
    "all",
    "how",
    "many",
    "integer",
    "positive",
    "real",
    "function"
  };
  private final Random random;
  private final String[] words = new String[5000];

  Generator(Random random) {
    this.random = random;
    String[] syllables = {
      "ka", "lo", "mi", "ren", "tor", "si", "pa", "gu", "ve", "dan", "shi", "ro", "nel", "qui"
    };
    for (int i = 0; i < words.length; i++) {
      StringBuilder w = new StringBuilder();
      for (int s = 0, k = 2 + random.nextInt(3); s < k; s++) {
        w.append(syllables[random.nextInt(syllables.length)]);
      }
      words[i] = w.toString();
    }
  }

  String question() {
    StringBuilder q = new StringBuilder();
    int target = 200 + random.nextInt(200);
    while (q.length() < target) {
      if (q.length() > 0) {
        q.append(' ');
      }
      q.append(word());
      if (random.nextInt(12) == 0) {
        q.append(random.nextBoolean() ? "," : ".");
      }
    }
    return q.append('?').toString();
  }

  /** {@code text} with {@code edits} words replaced, inserted or deleted. */
  String edit(String text, int edits) {
    String[] parts = text.split(" ");
    StringBuilder out = new StringBuilder();
    java.util.List<String> list = new java.util.ArrayList<>(java.util.List.of(parts));
    for (int e = 0; e < edits; e++) {
      int at = random.nextInt(list.size());
      switch (random.nextInt(3)) {
        case 0 -> list.set(at, word());
        case 1 -> list.add(at, word());
        default -> {
          if (list.size() > 1) {
            list.remove(at);
          }
        }
      }
    }
    for (String w : list) {
      if (out.length() > 0) {
        out.append(' ');
      }
      out.append(w);
    }
    return out.toString();
  }

  private String word() {
    int r = random.nextInt(10);
    if (r < 3) {
      return COMMON[random.nextInt(COMMON.length)];
    }
    if (r == 3) {
      return Integer.toString(random.nextInt(1000));
    }
    if (r == 4) {
      return "$x^" + random.nextInt(9) + "+" + random.nextInt(20) + "y$";
    }
    // Zipf-like: low indices much more frequent.
    double u = random.nextDouble();
    return words[(int) (words.length * u * u * u)];
  }
}
