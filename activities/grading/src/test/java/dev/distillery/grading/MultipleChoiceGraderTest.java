package dev.distillery.grading;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MultipleChoiceGraderTest {
  private final MultipleChoiceGrader grader = new MultipleChoiceGrader();

  @ParameterizedTest(name = "{1} -> {2}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '"',
      textBlock =
          """
          B | So the answer is \\boxed{B}.                                  | B
          C | \\boxed{(C)}                                                  | C
          C | $\\boxed{\\text{C}}$                                          | C
          D | \\boxed{D) 42}                                               | D
          A | \\boxed{\\textbf{(A)}}                                        | A
          B | First \\boxed{A}, but on reflection \\boxed{B}                 | B
          B | Thinking...\\nAnswer: B                                       | B
          D | **Answer:** D                                                | D
          A | The answer is (A).                                           | A
          C | Answer: $C$                                                  | C
          E | answer: option E                                             | E
          C | A rod moves; I think it must be C.                           | C
          B | I believe B                                                  | B
          A | Comparing the options, (A) fits.                             | A
          J | Of the ten, J.                                                | J
          B | The answer is B, not C.                                      | B
          A | Answer: B                                                     | B
          A | \\boxed{C}                                                    | C
          C | \\boxed{42} and so C                                         | C
          """)
  void extractsTheLetterAndCompares(String reference, String response, String extracted) {
    Verdict verdict = grader.grade(reference, response.replace("\\n", "\n"));
    assertEquals(extracted, verdict.extracted(), verdict.toString());
    assertEquals(reference.equals(extracted), verdict.correct(), verdict.toString());
  }

  @Test
  void referencesMayBeWrittenLikeAnswers() {
    assertTrue(grader.grade("(B)", "\\boxed{B}").correct());
    assertTrue(grader.grade("\\boxed{B}", "Answer: B").correct());
    assertFalse(grader.grade(" c) ", "Answer: C").correct(), "a lower-case reference is no letter");
  }

  @Test
  void noLetterIsWrongWithTheReason() {
    Verdict none = grader.grade("B", "I am not sure about this one.");
    assertFalse(none.correct());
    assertEquals(null, none.extracted());
    assertEquals("no choice letter found", none.reason());

    Verdict badReference = grader.grade("42", "\\boxed{B}");
    assertFalse(badReference.correct());
    assertTrue(badReference.reason().contains("no letter"), badReference.reason());

    assertFalse(grader.grade("B", "\\boxed{b}").correct(), "lower case is no choice");
    assertFalse(grader.grade("B", "").correct());
    assertFalse(grader.grade("B", null).correct());
  }

  @Test
  void aMegabyteResponseIsGradedQuickly() {
    String response = "a b c d ".repeat(150_000) + "Answer: D";
    Verdict verdict =
        assertTimeoutPreemptively(Duration.ofSeconds(2), () -> grader.grade("D", response));
    assertTrue(verdict.correct());
  }

  @Test
  void shufflingIsADeterministicPermutationThatTracksTheCorrectChoice() {
    List<String> choices = List.of("4", "5", "6", "7");
    ShuffledChoices s = ShuffledChoices.shuffle(choices, 2, "gpqa-17", 1234);
    assertEquals(s, ShuffledChoices.shuffle(choices, 2, "gpqa-17", 1234));
    assertEquals(List.of("4", "5", "6", "7"), s.choices().stream().sorted().toList());
    assertEquals("6", s.choices().get(s.correctLetter() - 'A'));
    for (int i = 0; i < choices.size(); i++) {
      assertEquals(choices.get(s.order().get(i)), s.choices().get(i));
    }
  }

  @Test
  void theCorrectChoiceLandsEverywhereAcrossSeedsAndItems() {
    int[] atLetter = new int[4];
    for (int seed = 0; seed < 400; seed++) {
      ShuffledChoices s = ShuffledChoices.shuffle(List.of("a", "b", "c", "d"), 0, "item", seed);
      atLetter[s.correctLetter() - 'A']++;
    }
    for (int count : atLetter) {
      assertTrue(count > 60, "the correct choice is too rarely at some letter: " + count);
    }
    List<List<Integer>> seven = new ArrayList<>();
    List<List<Integer>> eight = new ArrayList<>();
    for (String item : List.of("item-1", "item-2", "item-3")) {
      seven.add(ShuffledChoices.shuffle(List.of("a", "b", "c", "d"), 0, item, 7).order());
      eight.add(ShuffledChoices.shuffle(List.of("a", "b", "c", "d"), 0, item, 8).order());
    }
    assertNotEquals(seven, eight, "another seed gives other orders");
    assertTrue(seven.stream().distinct().count() > 1, "items of one seed get different orders");
    assertThrows(
        IllegalArgumentException.class, () -> ShuffledChoices.shuffle(List.of("a"), 1, "x", 0));
  }
}
