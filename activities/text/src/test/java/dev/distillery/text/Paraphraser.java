package dev.distillery.text;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Rewrites a question, one small edit at a time, until its {@code fuzz.ratio} to the original (on
 * {@link Texts#normalize}d text) falls in a chosen band: the paraphrases a contaminated training
 * set holds, not near copies. Each {@link Kind} edits in one way; {@link Kind#MIXED} in all of
 * them. Deterministic for a seed.
 */
public final class Paraphraser {
  /** How a paraphrase differs from its original. */
  public enum Kind {
    /** Words replaced by synonyms or other words. */
    SUBSTITUTE,
    /** Sentences, clauses or neighbouring words moved. */
    REORDER,
    /** Numbers and variable names changed. */
    NUMBERS,
    /** Clauses and sentences added or removed. */
    CLAUSES,
    /** All of the above. */
    MIXED
  }

  private static final Map<String, List<String>> SYNONYMS =
      Map.ofEntries(
          Map.entry("find", List.of("determine", "compute", "calculate", "work out")),
          Map.entry("what", List.of("which", "determine what")),
          Map.entry("compute", List.of("find", "calculate", "evaluate")),
          Map.entry("number", List.of("count", "amount", "quantity")),
          Map.entry("positive", List.of("nonnegative", "strictly positive", "natural")),
          Map.entry("integer", List.of("whole number", "natural number")),
          Map.entry("integers", List.of("whole numbers", "natural numbers")),
          Map.entry("sum", List.of("total", "aggregate")),
          Map.entry("value", List.of("amount", "result")),
          Map.entry("let", List.of("suppose", "assume", "define")),
          Map.entry("such", List.of("so")),
          Map.entry("real", List.of("actual", "real-valued")),
          Map.entry("many", List.of("much", "numerous")),
          Map.entry("probability", List.of("chance", "likelihood")),
          Map.entry("largest", List.of("greatest", "biggest", "maximum")),
          Map.entry("smallest", List.of("least", "minimum", "tiniest")),
          Map.entry("length", List.of("size", "measure")),
          Map.entry("area", List.of("size", "extent")),
          Map.entry("has", List.of("contains", "possesses", "holds")),
          Map.entry("gives", List.of("hands", "passes", "donates")),
          Map.entry("chosen", List.of("selected", "picked")),
          Map.entry("drawn", List.of("sketched", "taken")),
          Map.entry("satisfies", List.of("obeys", "fulfils", "meets")),
          Map.entry("possible", List.of("feasible", "attainable")),
          Map.entry("each", List.of("every", "any")),
          Map.entry("all", List.of("every", "each of the")));

  private static final List<String> WORDS =
      List.of(
          "carefully",
          "exactly",
          "given",
          "known",
          "above",
          "below",
          "certain",
          "several",
          "unique",
          "total",
          "equal",
          "consider",
          "suppose",
          "required",
          "following",
          "shown",
          "described",
          "particular",
          "whole",
          "entire",
          "respectively",
          "together",
          "then",
          "also",
          "again",
          "only",
          "still",
          "always",
          "often",
          "usually",
          "simply",
          "directly");

  private static final List<String> CLAUSE_TEXTS =
      List.of(
          "Assume all quantities are positive.",
          "Note that the answer is unique.",
          "You may use a calculator.",
          "Give a complete justification.",
          "Here all logarithms are natural.",
          "Ignore any units in your answer.",
          "This problem appeared in a regional contest.",
          "Consider each case separately.");

  private final SplittableRandom random;

  public Paraphraser(long seed) {
    this.random = new SplittableRandom(seed);
  }

  /**
   * A paraphrase of {@code original} of {@code kind} whose ratio to it is in {@code [low, high)},
   * or null when thirty tries found none (a kind of edit may not reach a low band).
   */
  public String paraphrase(String original, Kind kind, double low, double high) {
    IndelPattern pattern = new IndelPattern(Texts.normalize(original));
    for (int attempt = 0; attempt < 30; attempt++) {
      List<String> words = new ArrayList<>(Arrays.asList(original.split(" ")));
      for (int step = 0; step < 80; step++) {
        edit(words, kind == Kind.MIXED ? Kind.values()[random.nextInt(4)] : kind);
        String text = String.join(" ", words);
        double ratio = pattern.ratio(Texts.normalize(text));
        if (ratio < low) {
          break;
        }
        if (ratio < high) {
          return text;
        }
      }
    }
    return null;
  }

  private void edit(List<String> words, Kind kind) {
    switch (kind) {
      case SUBSTITUTE -> substitute(words);
      case REORDER -> reorder(words);
      case NUMBERS -> renumber(words);
      default -> clause(words);
    }
  }

  private void substitute(List<String> words) {
    int at = random.nextInt(words.size());
    String word = words.get(at);
    String bare = word.replaceAll("[^A-Za-z]", "").toLowerCase();
    List<String> synonyms = SYNONYMS.get(bare);
    String replacement =
        synonyms != null && random.nextInt(3) > 0
            ? synonyms.get(random.nextInt(synonyms.size()))
            : WORDS.get(random.nextInt(WORDS.size()));
    // Keep the word's punctuation.
    words.set(at, word.replaceAll("[A-Za-z]+", replacement));
  }

  private void reorder(List<String> words) {
    List<Integer> ends = new ArrayList<>();
    for (int i = 0; i < words.size() - 1; i++) {
      String w = words.get(i);
      if (w.endsWith(".") || w.endsWith("?")) {
        ends.add(i);
      }
    }
    int choice = random.nextInt(3);
    if (choice == 0 && !ends.isEmpty()) {
      // Move the sentence after a sentence end to the front.
      int end = ends.get(random.nextInt(ends.size()));
      int next = end + 1;
      while (next < words.size()
          && !words.get(next).endsWith(".")
          && !words.get(next).endsWith("?")) {
        next++;
      }
      List<String> moved =
          new ArrayList<>(words.subList(end + 1, Math.min(words.size(), next + 1)));
      words.subList(end + 1, Math.min(words.size(), next + 1)).clear();
      words.addAll(0, moved);
    } else if (choice == 1 && words.size() > 6) {
      // Move a run of two to four words elsewhere.
      int length = 2 + random.nextInt(3);
      int from = random.nextInt(words.size() - length);
      List<String> run = new ArrayList<>(words.subList(from, from + length));
      words.subList(from, from + length).clear();
      words.addAll(random.nextInt(words.size() + 1), run);
    } else if (words.size() > 1) {
      int at = random.nextInt(words.size() - 1);
      String w = words.get(at);
      words.set(at, words.get(at + 1));
      words.set(at + 1, w);
    }
  }

  private void renumber(List<String> words) {
    List<Integer> numbers = new ArrayList<>();
    for (int i = 0; i < words.size(); i++) {
      if (words.get(i).matches(".*[0-9].*") || words.get(i).matches(".*\\$[a-z]\\$.*")) {
        numbers.add(i);
      }
    }
    if (numbers.isEmpty()) {
      substitute(words);
      return;
    }
    int at = numbers.get(random.nextInt(numbers.size()));
    String word = words.get(at);
    if (word.matches(".*[0-9].*")) {
      StringBuilder out = new StringBuilder();
      for (char c : word.toCharArray()) {
        out.append(
            Character.isDigit(c) && random.nextInt(2) == 0 ? (char) ('0' + random.nextInt(10)) : c);
      }
      if (out.toString().equals(word)) {
        out.insert(word.replaceAll("[^0-9].*$", "").length(), random.nextInt(10));
      }
      words.set(at, out.toString());
    } else {
      words.set(
          at, word.replaceAll("\\$[a-z]\\$", "\\$" + "yzqrw".charAt(random.nextInt(5)) + "\\$"));
    }
  }

  private void clause(List<String> words) {
    if (random.nextBoolean() || words.size() < 8) {
      List<String> clause =
          Arrays.asList(CLAUSE_TEXTS.get(random.nextInt(CLAUSE_TEXTS.size())).split(" "));
      List<Integer> ends = new ArrayList<>(List.of(0));
      for (int i = 0; i < words.size(); i++) {
        if (words.get(i).endsWith(".") || words.get(i).endsWith("?")) {
          ends.add(i + 1);
        }
      }
      words.addAll(ends.get(random.nextInt(ends.size())), clause);
    } else {
      // Remove a clause: the words up to the next comma or sentence end, at most six.
      int from = random.nextInt(words.size() - 1);
      int to = from;
      while (to < words.size() - 1 && to - from < 5 && !words.get(to).matches(".*[,.?]$")) {
        to++;
      }
      words.subList(from, to + 1).clear();
    }
  }
}
