package dev.distillery.grading;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Grades a multiple-choice answer: the choice letter ({@code A} to {@code J}) of the response
 * against the reference's. The response's letter is, in order: the letter of its last {@code
 * \boxed{}} ({@code B}, {@code (B)}, {@code \text{B}}, {@code B) 42}); else the letter of its last
 * "Answer: X" (or "answer is X"); else its last standalone capital letter, not counting the words
 * "A" and "I" when a lower-case word follows them ("A rod", "I think"). The reference may be
 * written the same ways. Linear in the response's length; thread-safe and stateless.
 */
public final class MultipleChoiceGrader implements Grader {
  private static final Pattern LEADING_LETTER =
      Pattern.compile("^[\\s(\\[{]*(?:\\\\text(?:bf)?\\{\\s*)?\\(?([A-J])(?![A-Za-z])");
  private static final Pattern ANSWER_LINE =
      Pattern.compile(
          "(?i:answer(?:\\s+is)?)\\s*[:：]?\\s*(?:\\*\\*)?\\s*(?i:option\\s+)?\\(?\\$?"
              + "(?:\\\\boxed\\{|\\\\text\\{)?([A-J])(?![A-Za-z])");
  private static final Pattern STANDALONE = Pattern.compile("(?<![A-Za-z\\\\])([A-J])(?![A-Za-z])");

  @Override
  public Verdict grade(String reference, String response) {
    Optional<Character> want = letter(reference);
    if (want.isEmpty()) {
      return Verdict.wrong(
          null,
          "the reference '"
              + MathGrader.abbreviate(String.valueOf(reference))
              + "' is no letter A-J");
    }
    Optional<Character> got = letter(response);
    if (got.isEmpty()) {
      return Verdict.wrong(null, "no choice letter found");
    }
    String extracted = String.valueOf(got.get());
    return got.get().equals(want.get())
        ? Verdict.right(extracted)
        : Verdict.wrong(extracted, "chose " + extracted + ", the answer is " + want.get());
  }

  /** The choice letter of {@code text} by the rules in the class comment. */
  public static Optional<Character> letter(String text) {
    if (text == null || text.isBlank()) {
      return Optional.empty();
    }
    Optional<String> boxed = BoxedAnswers.lastBoxed(text);
    if (boxed.isPresent()) {
      Matcher m = LEADING_LETTER.matcher(boxed.get());
      if (m.find()) {
        return Optional.of(m.group(1).charAt(0));
      }
    }
    Character found = null;
    Matcher answer = ANSWER_LINE.matcher(text);
    while (answer.find()) {
      found = answer.group(1).charAt(0);
    }
    if (found != null) {
      return Optional.of(found);
    }
    Matcher standalone = STANDALONE.matcher(text);
    while (standalone.find()) {
      char c = standalone.group(1).charAt(0);
      if (!(c == 'A' || c == 'I') || !beforeWord(text, standalone.end())) {
        found = c;
      }
    }
    return Optional.ofNullable(found);
  }

  /** Whether a space and a lower-case letter follow {@code at} (the article "A", the pronoun). */
  private static boolean beforeWord(String text, int at) {
    return at + 1 < text.length()
        && text.charAt(at) == ' '
        && Character.isLowerCase(text.charAt(at + 1));
  }
}
