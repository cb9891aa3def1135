package dev.distillery.cli;

import java.util.List;

/** Counts with their nouns in the right number, for what the CLI prints: "1 stage", "2 stages". */
final class Plural {
  private Plural() {}

  /** The count and the noun: {@code of(1, "experiment")} is "1 experiment". */
  static String of(long count, String noun) {
    return count + " " + noun(count, noun);
  }

  /** The noun alone, singular for a count of one: for "1 of 1 experiment succeeded". */
  static String noun(long count, String noun) {
    return count == 1 ? noun : noun + "s";
  }

  /**
   * The first {@code shown} names joined by commas, and how many more there are: {@code
   * firstNames(List.of("a", "b", "c"), 2)} is "a, b and 1 more".
   */
  static String firstNames(List<String> names, int shown) {
    return String.join(", ", names.subList(0, Math.min(shown, names.size())))
        + (names.size() > shown ? " and " + (names.size() - shown) + " more" : "");
  }
}
