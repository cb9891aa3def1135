package dev.distillery.text;

import java.util.Locale;

/** Normalization and hashing of question text. */
public final class Texts {
  private Texts() {}

  /**
   * Lower case (root locale), runs of whitespace collapsed to one space, trimmed. Whitespace is
   * what the regex {@code \s} matches (space, tab, newline, vertical tab, form feed, carriage
   * return), so this equals {@code text.toLowerCase(ROOT).replaceAll("\\s+", " ").trim()}, without
   * the regex, except that other control chars at either end stay (trim drops them).
   */
  public static String normalize(String text) {
    return (collapsed(text) ? text : collapse(text)).toLowerCase(Locale.ROOT);
  }

  /** Whether whitespace in {@code text} is only single spaces between other chars. */
  private static boolean collapsed(String text) {
    int n = text.length();
    boolean previousSpace = true;
    for (int i = 0; i < n; i++) {
      char c = text.charAt(i);
      if (isSpace(c)) {
        if (c != ' ' || previousSpace) {
          return false;
        }
        previousSpace = true;
      } else {
        previousSpace = false;
      }
    }
    return n == 0 || !previousSpace;
  }

  private static String collapse(String text) {
    StringBuilder out = null;
    int n = text.length();
    boolean pendingSpace = false;
    for (int i = 0; i < n; i++) {
      char c = text.charAt(i);
      if (isSpace(c)) {
        if (out == null) {
          out = new StringBuilder(n);
          out.append(text, 0, i);
        }
        pendingSpace = true;
        continue;
      }
      if (out != null) {
        if (pendingSpace && out.length() > 0) {
          out.append(' ');
        }
        out.append(c);
      }
      pendingSpace = false;
    }
    return out == null ? text : out.toString();
  }

  private static boolean isSpace(char c) {
    return c == ' ' || (c >= '\t' && c <= '\r');
  }

  /**
   * A 128-bit hash of {@code text} (two independent 64-bit lanes), for exact dedup without keeping
   * the texts: two distinct texts collide with probability about 2^-128.
   *
   * @return the two lanes; {@code [0]} is never reused as a sentinel by callers
   */
  public static long[] hash128(String text) {
    return new long[] {hash64(text, 0x9E3779B97F4A7C15L), hash64(text, 0xC2B2AE3D27D4EB4FL)};
  }

  /** A 64-bit hash of {@code text} under {@code seed} (xxHash-style rounds over the chars). */
  public static long hash64(CharSequence text, long seed) {
    long h = seed ^ (text.length() * 0x9E3779B97F4A7C15L);
    int n = text.length();
    int i = 0;
    for (; i + 4 <= n; i += 4) {
      long lane =
          text.charAt(i)
              | ((long) text.charAt(i + 1) << 16)
              | ((long) text.charAt(i + 2) << 32)
              | ((long) text.charAt(i + 3) << 48);
      h = Long.rotateLeft(h ^ (lane * 0xC2B2AE3D27D4EB4FL), 31) * 0x9E3779B97F4A7C15L;
    }
    for (; i < n; i++) {
      h = Long.rotateLeft(h ^ (text.charAt(i) * 0x165667B19E3779F9L), 23) * 0xC2B2AE3D27D4EB4FL;
    }
    return mix(h);
  }

  /** {@link #hash64(CharSequence, long)} of the first {@code n} chars of {@code text}. */
  static long hash64(char[] text, int n, long seed) {
    long h = seed ^ (n * 0x9E3779B97F4A7C15L);
    int i = 0;
    for (; i + 4 <= n; i += 4) {
      long lane =
          text[i]
              | ((long) text[i + 1] << 16)
              | ((long) text[i + 2] << 32)
              | ((long) text[i + 3] << 48);
      h = Long.rotateLeft(h ^ (lane * 0xC2B2AE3D27D4EB4FL), 31) * 0x9E3779B97F4A7C15L;
    }
    for (; i < n; i++) {
      h = Long.rotateLeft(h ^ (text[i] * 0x165667B19E3779F9L), 23) * 0xC2B2AE3D27D4EB4FL;
    }
    return mix(h);
  }

  /** The murmur3 64-bit finalizer: spreads every input bit over the output. */
  public static long mix(long h) {
    h ^= h >>> 33;
    h *= 0xff51afd7ed558ccdL;
    h ^= h >>> 33;
    h *= 0xc4ceb9fe1a85ec53L;
    h ^= h >>> 33;
    return h;
  }
}
