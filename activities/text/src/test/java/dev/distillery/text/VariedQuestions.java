package dev.distillery.text;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Questions with the diversity of real ones, for speed figures that do not flatter or punish: a
 * vocabulary of 40,000 made-up words (letters drawn with English frequencies, lengths 2 to 12) used
 * with Zipf frequencies, mixed with common English function words at about their share of real
 * text, numbers, variables and LaTeX expressions; 1 to 5 sentences of 6 to 24 words. Two unrelated
 * questions share about as many 4-char shingles as two unrelated sentences of English prose
 * (Jaccard median about 0.03). Deterministic for a seed.
 */
public final class VariedQuestions {
  private static final String LETTERS = "etaoinshrdlcumwfgypbvkjxqz";
  private static final double[] LETTER_WEIGHTS = {
    12.7, 9.1, 8.2, 7.5, 7.0, 6.7, 6.3, 6.1, 6.0, 4.3, 4.0, 2.8, 2.8, 2.4, 2.4, 2.2, 2.0, 2.0, 1.9,
    1.5, 1.0, 0.8, 0.15, 0.15, 0.1, 0.07
  };
  private static final List<String> FUNCTION_WORDS =
      List.of(
          "the", "of", "and", "a", "to", "in", "is", "that", "for", "it", "as", "with", "be", "on",
          "by", "this", "are", "from", "at", "or", "an", "which", "if", "its", "each", "all", "how",
          "what", "find", "let", "there", "many", "number", "value", "such", "than", "when", "two",
          "one", "has", "have", "can", "given", "where", "then", "must", "equal", "sum", "total");

  private final SplittableRandom random;
  private final String[] vocabulary = new String[40_000];
  private final double[] cumulative = new double[vocabulary.length];
  private final double[] letterCumulative = new double[LETTERS.length()];

  public VariedQuestions(long seed) {
    random = new SplittableRandom(seed);
    double sum = 0;
    for (int i = 0; i < LETTER_WEIGHTS.length; i++) {
      sum += LETTER_WEIGHTS[i];
      letterCumulative[i] = sum;
    }
    double total = 0;
    for (int i = 0; i < vocabulary.length; i++) {
      vocabulary[i] = word(2 + random.nextInt(4) + random.nextInt(4) + random.nextInt(4));
      total += 1.0 / Math.pow(i + 1, 1.05);
      cumulative[i] = total;
    }
    for (int i = 0; i < cumulative.length; i++) {
      cumulative[i] /= total;
    }
  }

  private String word(int length) {
    StringBuilder w = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      double r = random.nextDouble() * letterCumulative[letterCumulative.length - 1];
      int k = 0;
      while (letterCumulative[k] < r) {
        k++;
      }
      w.append(LETTERS.charAt(k));
    }
    return w.toString();
  }

  private String contentWord() {
    double r = random.nextDouble();
    int lo = 0;
    int hi = cumulative.length - 1;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (cumulative[mid] < r) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return vocabulary[lo];
  }

  private String math() {
    return switch (random.nextInt(4)) {
      case 0 -> Integer.toString(random.nextInt(random.nextBoolean() ? 100 : 100_000));
      case 1 -> String.valueOf((char) ('a' + random.nextInt(26)));
      case 2 -> "$" + (char) ('a' + random.nextInt(26)) + "^" + (2 + random.nextInt(8)) + "$";
      default ->
          "$"
              + (1 + random.nextInt(20))
              + (char) ('a' + random.nextInt(26))
              + (random.nextBoolean() ? " + " : " - ")
              + random.nextInt(100)
              + "$";
    };
  }

  /** A new question. */
  public String next() {
    List<String> sentences = new ArrayList<>();
    for (int s = 1 + random.nextInt(5); s > 0; s--) {
      StringBuilder sentence = new StringBuilder();
      for (int w = 6 + random.nextInt(19); w > 0; w--) {
        int r = random.nextInt(100);
        String word =
            r < 45
                ? FUNCTION_WORDS.get(random.nextInt(FUNCTION_WORDS.size()))
                : r < 90 ? contentWord() : math();
        if (sentence.length() > 0) {
          sentence.append(' ');
        } else {
          word = Character.toUpperCase(word.charAt(0)) + word.substring(1);
        }
        sentence.append(word);
      }
      sentence.append(s == 1 ? '?' : '.');
      sentences.add(sentence.toString());
    }
    return String.join(" ", sentences);
  }
}
