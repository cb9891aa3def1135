package dev.distillery.stages;

import dev.distillery.text.IndelPattern;

/**
 * The benchmark item a question matched under the ratio rule, if any, with the question's {@link
 * IndelPattern} built on first use (most questions have no candidate at all).
 */
final class Match {
  private final String text;
  private IndelPattern pattern;
  int item = -1;
  double similarity;

  Match(String text) {
    this.text = text;
  }

  IndelPattern pattern() {
    if (pattern == null) {
      pattern = new IndelPattern(text);
    }
    return pattern;
  }
}
