package dev.distillery.recipe;

import java.util.Collection;
import java.util.Optional;

/** Builds "did you mean" hints from the valid choices. */
final class Suggest {
  private Suggest() {}

  /** For example {@code did you mean 'dedup'? valid kinds: source, mix, dedup}. */
  static String hint(String given, Collection<String> choices, String what) {
    String valid = "valid " + what + ": " + String.join(", ", choices);
    return closest(given, choices).map(c -> "did you mean '" + c + "'? " + valid).orElse(valid);
  }

  /** The choice within a small edit distance of {@code given}, if any. */
  static Optional<String> closest(String given, Collection<String> choices) {
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String choice : choices) {
      int d = distance(given.toLowerCase(java.util.Locale.ROOT), choice);
      if (d < bestDistance) {
        best = choice;
        bestDistance = d;
      }
    }
    int allowed = Math.max(1, Math.min(3, given.length() / 3));
    return bestDistance <= allowed && bestDistance < given.length()
        ? Optional.of(best)
        : Optional.empty();
  }

  private static int distance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        current[j] =
            Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }
}
