package dev.distillery.text;

/**
 * A reusable buffer holding a text normalized as {@link Texts#normalize} normalizes it, as an array
 * of chars: {@link MinHash}, {@link WordNgrams} and {@link #hash64} loop over the array, which is
 * several times faster than {@code String.charAt}, and no normalized {@code String} is built unless
 * {@link #toString()} asks for it. ASCII text is normalized in one loop here; any other text goes
 * through {@link Texts#normalize}. Not thread-safe: one per thread.
 */
public final class NormalizedText {
  private char[] raw = new char[512];
  private char[] chars = new char[512];
  private int length;

  /** Normalizes {@code text} into this buffer and returns the buffer. */
  public NormalizedText set(String text) {
    int n = text.length();
    if (raw.length < n) {
      raw = new char[n];
      chars = new char[n];
    }
    text.getChars(0, n, raw, 0);
    // Branch-free: spaces fall every few chars, too irregularly for a predicted branch.
    int out = 0;
    int previousSpace = 1;
    int any = 0;
    for (int i = 0; i < n; i++) {
      int c = raw[i];
      any |= c;
      int space = c == ' ' | (char) (c - '\t') <= '\r' - '\t' ? 1 : 0;
      int upper = (char) (c - 'A') <= 'Z' - 'A' ? 1 : 0;
      chars[out] = (char) (space != 0 ? ' ' : c + (upper << 5));
      out += 1 - (space & previousSpace);
      previousSpace = space;
    }
    if (any >= 0x80) {
      return setNormalized(Texts.normalize(text));
    }
    length = out > 0 && previousSpace != 0 ? out - 1 : out;
    return this;
  }

  /** Copies {@code normalized}, already normalized, into this buffer and returns the buffer. */
  public NormalizedText setNormalized(String normalized) {
    int n = normalized.length();
    if (chars.length < n) {
      chars = new char[n];
    }
    normalized.getChars(0, n, chars, 0);
    length = n;
    return this;
  }

  /**
   * Replaces every run of ASCII digits by one {@code '#'}, in place, and returns the buffer: texts
   * that differ only in their numbers (templated questions) become one text.
   */
  public NormalizedText maskDigitRuns() {
    int out = 0;
    boolean inRun = false;
    for (int i = 0; i < length; i++) {
      char c = chars[i];
      boolean digit = c >= '0' && c <= '9';
      if (!digit || !inRun) {
        chars[out++] = digit ? '#' : c;
      }
      inRun = digit;
    }
    length = out;
    return this;
  }

  /** The chars; only the first {@link #length()} count. */
  char[] chars() {
    return chars;
  }

  public int length() {
    return length;
  }

  /** Equals {@link Texts#hash64}{@code (toString(), seed)}, without the string. */
  public long hash64(long seed) {
    return Texts.hash64(chars, length, seed);
  }

  @Override
  public String toString() {
    return new String(chars, 0, length);
  }
}
