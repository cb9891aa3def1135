package dev.distillery.text;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits text as the pre-tokenizer of Qwen2's tokenizer does before byte-pair encoding, the
 * tokenizer whose 13-token spans OpenThoughts3 decontaminated with. Its pattern is
 *
 * <pre>
 * (?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+
 * </pre>
 *
 * so a word keeps the space or symbol before it ({@code " find"}, {@code "$x"}), every digit is a
 * piece of its own, and runs of symbols stay together ({@code " $("}, {@code ")="}). Byte-pair
 * encoding then splits rare words further, so a span of 13 pieces is at least as long as one of 13
 * tokens, and usually the same. This is a scanner over code points, not the regex: {@link #pieces}
 * equals the regex's matches (PreTokensTest checks it on random text).
 */
public final class PreTokens {
  private PreTokens() {}

  /** The pieces of {@code text}, in order. */
  public static List<String> pieces(String text) {
    List<String> out = new ArrayList<>();
    char[] chars = text.toCharArray();
    int n = chars.length;
    int i = 0;
    while (i < n) {
      int end = next(chars, i, n);
      out.add(text.substring(i, end));
      i = end;
    }
    return out;
  }

  /** The 64-bit hash of each piece of the first {@code n} chars of {@code text}, in order. */
  public static long[] hashes(char[] text, int n) {
    long[] out = new long[Math.max(1, n)];
    int count = 0;
    int i = 0;
    while (i < n) {
      int end = next(text, i, n);
      long h = 0;
      for (int k = i; k < end; k++) {
        h = Long.rotateLeft(h, 7) ^ text[k];
      }
      out[count++] = Texts.mix(h + (end - i) * 0x9E3779B97F4A7C15L);
      i = end;
    }
    return java.util.Arrays.copyOf(out, count);
  }

  /** The hashes of {@link #pieces} of {@code text}. */
  public static long[] hashes(String text) {
    return hashes(text.toCharArray(), text.length());
  }

  /** Where the piece starting at {@code i} ends. */
  static int next(char[] s, int i, int n) {
    int c = Character.codePointAt(s, i, n);
    int after = i + Character.charCount(c);
    // (?i:'s|'t|'re|'ve|'m|'ll|'d)
    if (c == '\'' && after < n) {
      char a = lower(s[after]);
      if (a == 's' || a == 't' || a == 'm' || a == 'd') {
        return after + 1;
      }
      if (after + 1 < n) {
        char b = lower(s[after + 1]);
        if ((a == 'r' && b == 'e') || (a == 'v' && b == 'e') || (a == 'l' && b == 'l')) {
          return after + 2;
        }
      }
    }
    // [^\r\n\p{L}\p{N}]?\p{L}+
    if (isLetter(c)) {
      return letters(s, after, n);
    }
    if (c != '\r' && c != '\n' && !isNumber(c) && after < n) {
      int d = Character.codePointAt(s, after, n);
      if (isLetter(d)) {
        return letters(s, after + Character.charCount(d), n);
      }
    }
    // \p{N}
    if (isNumber(c)) {
      return after;
    }
    //  ?[^\s\p{L}\p{N}]+[\r\n]*
    int j = c == ' ' ? after : i;
    if (j < n && isSymbol(Character.codePointAt(s, j, n))) {
      while (j < n && isSymbol(Character.codePointAt(s, j, n))) {
        j += Character.charCount(Character.codePointAt(s, j, n));
      }
      while (j < n && (s[j] == '\r' || s[j] == '\n')) {
        j++;
      }
      return j;
    }
    // From here c is whitespace. \s*[\r\n]+: through the last line break of the whitespace run.
    int run = i;
    int lastBreak = -1;
    while (run < n && isSpace(Character.codePointAt(s, run, n))) {
      if (s[run] == '\r' || s[run] == '\n') {
        lastBreak = run;
      }
      run += Character.charCount(Character.codePointAt(s, run, n));
    }
    if (lastBreak >= 0) {
      return lastBreak + 1;
    }
    // \s+(?!\S): the run, less its last char when a non-space follows; else \s+.
    if (run == n) {
      return run;
    }
    int last = Character.offsetByCodePoints(s, 0, n, run, -1);
    return last > i ? last : run;
  }

  private static int letters(char[] s, int j, int n) {
    while (j < n) {
      int d = Character.codePointAt(s, j, n);
      if (!isLetter(d)) {
        break;
      }
      j += Character.charCount(d);
    }
    return j;
  }

  /**
   * Simple case folding, as a case-insensitive Unicode match sees chars ({@code ſ} is {@code s}).
   */
  private static char lower(char c) {
    return Character.toLowerCase(Character.toUpperCase(c));
  }

  private static boolean isLetter(int c) {
    return c < 128 ? (char) ((c | 0x20) - 'a') < 26 : Character.isLetter(c);
  }

  /**
   * {@code \p{N}}: decimal digits, letter numbers (Roman numerals) and other numbers
   * (superscripts).
   */
  private static boolean isNumber(int c) {
    if (c < 128) {
      return (char) (c - '0') < 10;
    }
    int type = Character.getType(c);
    return type == Character.DECIMAL_DIGIT_NUMBER
        || type == Character.LETTER_NUMBER
        || type == Character.OTHER_NUMBER;
  }

  /** {@code \s} in Unicode mode: the White_Space property. */
  private static boolean isSpace(int c) {
    if (c < 128) {
      return c == ' ' || (c >= '\t' && c <= '\r');
    }
    return c == 0x85
        || c == 0xA0
        || c == 0x1680
        || (c >= 0x2000 && c <= 0x200A)
        || c == 0x2028
        || c == 0x2029
        || c == 0x202F
        || c == 0x205F
        || c == 0x3000;
  }

  private static boolean isSymbol(int c) {
    return !isSpace(c) && !isLetter(c) && !isNumber(c);
  }
}
