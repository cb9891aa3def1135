package dev.distillery.text;

/** What an n-gram counts, for the n-gram rule of decontamination. */
public enum NgramUnit {
  /**
   * {@link PreTokens} pieces, as Qwen2's tokenizer splits text before byte-pair encoding: symbols
   * kept, every digit on its own. 13 of them cover about the span of the 13 Qwen2 tokens
   * OpenThoughts3 counted.
   */
  TOKENS("tokens"),
  /** Runs of letters and digits, lower-cased ({@link WordNgrams}); symbols are not counted. */
  WORDS("words");

  private final String param;

  NgramUnit(String param) {
    this.param = param;
  }

  /** The unit a param value names. */
  public static NgramUnit of(String param) {
    for (NgramUnit unit : values()) {
      if (unit.param.equals(param)) {
        return unit;
      }
    }
    throw new IllegalArgumentException("no n-gram unit '" + param + "'");
  }

  /** The hashes of every run of {@code n} units of {@code text}, in order. */
  public long[] hashes(NormalizedText text, int n) {
    return this == WORDS
        ? WordNgrams.hashes(text, n)
        : WordNgrams.hashesOfWords(PreTokens.hashes(text.chars(), text.length()), n);
  }

  /** As {@link #hashes(NormalizedText, int)}, for a string. */
  public long[] hashes(String text, int n) {
    return this == WORDS
        ? WordNgrams.hashes(text, n)
        : WordNgrams.hashesOfWords(PreTokens.hashes(text), n);
  }
}
