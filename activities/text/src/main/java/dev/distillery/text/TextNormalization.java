package dev.distillery.text;

import java.text.Normalizer;

/** How question text is normalized before it is compared. */
public enum TextNormalization {
  /** As written: what OpenThoughts3 compared. */
  NONE("none"),
  /**
   * Lower case (root locale), runs of whitespace as one space, trimmed ({@link Texts#normalize}).
   */
  LOWER("lower"),
  /**
   * Unicode NFKC first (full-width digits, ligatures, superscripts folded), then {@link #LOWER}.
   */
  NFKC_LOWER("nfkc-lower");

  private final String param;

  TextNormalization(String param) {
    this.param = param;
  }

  /** The normalization a param value names. */
  public static TextNormalization of(String param) {
    for (TextNormalization n : values()) {
      if (n.param.equals(param)) {
        return n;
      }
    }
    throw new IllegalArgumentException("no normalization '" + param + "'");
  }

  /** {@code text} normalized. */
  public String apply(String text) {
    return switch (this) {
      case NONE -> text;
      case LOWER -> Texts.normalize(text);
      case NFKC_LOWER -> Texts.normalize(Normalizer.normalize(text, Normalizer.Form.NFKC));
    };
  }

  /** {@code text} normalized into {@code into}, which is returned. */
  public NormalizedText into(NormalizedText into, String text) {
    return this == LOWER ? into.set(text) : into.setNormalized(apply(text));
  }
}
