package dev.distillery.text;

/**
 * The built-in units of the n-gram rule of decontamination; {@link TokenizerNgrams} counts the
 * token ids of a given tokenizer instead.
 */
public enum NgramUnit implements Ngrams {
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

  @Override
  public long[] hashes(NormalizedText text, int n) {
    return this == WORDS
        ? WordNgrams.hashes(text, n)
        : WordNgrams.hashesOfWords(PreTokens.hashes(text.chars(), text.length()), n);
  }

  @Override
  public long[] hashes(String text, int n) {
    return this == WORDS
        ? WordNgrams.hashes(text, n)
        : WordNgrams.hashesOfWords(PreTokens.hashes(text), n);
  }
}
