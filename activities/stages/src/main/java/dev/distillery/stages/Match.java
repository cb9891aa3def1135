package dev.distillery.stages;

import dev.distillery.text.IndelPattern;
import dev.distillery.text.NormalizedText;

/**
 * The benchmark item a question matched under the ratio rule, if any, with the question's {@link
 * IndelPattern} built on first use (most questions have no candidate at all).
 */
final class Match {
  private final NormalizedText text;
  private IndelPattern pattern;
  int item = -1;
  double similarity;

  /** A match for the question in {@code text}, which must not change while this is in use. */
  Match(NormalizedText text) {
    this.text = text;
  }

  IndelPattern pattern() {
    if (pattern == null) {
      pattern = new IndelPattern(text.toString());
    }
    return pattern;
  }
}
