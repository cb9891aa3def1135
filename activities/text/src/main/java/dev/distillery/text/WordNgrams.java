package dev.distillery.text;

/**
 * Word n-grams as 64-bit hashes. A word is a maximal run of letters or digits, lower-cased;
 * everything else separates words. A text of fewer than {@code n} words has no n-grams.
 */
public final class WordNgrams {
  /** The n-gram length of the decontamination rule in OpenThoughts3: 13 words. */
  public static final int DEFAULT_N = 13;

  private WordNgrams() {}

  /** The 64-bit hashes of each word of {@code text}, in order. */
  public static long[] wordHashes(String text) {
    return wordHashes(text.toCharArray(), text.length());
  }

  private static long[] wordHashes(char[] text, int n) {
    // A word and its separator take at least two chars, so this never grows.
    long[] out = new long[n / 2 + 1];
    int count = 0;
    int i = 0;
    while (i < n) {
      while (i < n && !isWordChar(text[i])) {
        i++;
      }
      if (i >= n) {
        break;
      }
      // A rotate and a xor per char (no multiply in the chain): the chars of an ASCII word of up
      // to nine letters land in separate bits, and the mix at the end spreads them.
      long h = 0;
      int start = i;
      while (i < n && isWordChar(text[i])) {
        char c = text[i++];
        char lower =
            c < 128 ? (c >= 'A' && c <= 'Z' ? (char) (c + 32) : c) : Character.toLowerCase(c);
        h = Long.rotateLeft(h, 7) ^ lower;
      }
      if (count == out.length) {
        out = java.util.Arrays.copyOf(out, count * 2);
      }
      out[count++] = Texts.mix(h + (i - start) * 0x9E3779B97F4A7C15L);
    }
    return java.util.Arrays.copyOf(out, count);
  }

  /** {@link Character#isLetterOrDigit(char)}, without the lookup for ASCII. */
  private static boolean isWordChar(char c) {
    if (c < 128) {
      return (char) ((c | 0x20) - 'a') < 26 || (char) (c - '0') < 10;
    }
    return Character.isLetterOrDigit(c);
  }

  /**
   * The hash of every run of {@code n} consecutive words of {@code text}, in order (duplicates
   * kept); empty when the text has fewer than {@code n} words.
   */
  public static long[] hashes(String text, int n) {
    return hashesOfWords(wordHashes(text), n);
  }

  /** {@link #hashes(String, int)} of the text in {@code text}. */
  public static long[] hashes(NormalizedText text, int n) {
    return hashesOfWords(wordHashes(text.chars(), text.length()), n);
  }

  /** As {@link #hashes}, from the word hashes of {@link #wordHashes}. */
  public static long[] hashesOfWords(long[] words, int n) {
    if (n < 1) {
      throw new IllegalArgumentException("n must be at least 1, got " + n);
    }
    if (words.length < n) {
      return new long[0];
    }
    long[] out = new long[words.length - n + 1];
    // A polynomial rolling hash over the (already mixed) word hashes, finalized per window.
    final long base = 0x9E3779B97F4A7C15L;
    long top = 1;
    for (int i = 0; i < n - 1; i++) {
      top *= base;
    }
    long h = 0;
    for (int i = 0; i < words.length; i++) {
      if (i >= n) {
        h -= words[i - n] * top;
      }
      h = h * base + words[i];
      if (i >= n - 1) {
        out[i - n + 1] = Texts.mix(h ^ n);
      }
    }
    return out;
  }
}
