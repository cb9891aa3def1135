package dev.distillery.cli;

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
}
