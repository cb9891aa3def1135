package dev.distillery.stages;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class FinalAnswersTest {
  @Test
  void takesTheLastBoxedWithNestedBraces() {
    assertEquals(
        Optional.of("\\frac{1}{2}"),
        FinalAnswers.extract("First \\boxed{3}, then corrected: \\boxed{\\frac{1}{2}}."));
  }

  @Test
  void fallsBackToTheLastNumberOfTheLastLineThenTheLine() {
    assertEquals(Optional.of("42"), FinalAnswers.extract("Working.\nSo the answer is 42."));
    assertEquals(Optional.of("-0.50"), FinalAnswers.extract("x = 3\nIt is -0.50 in total"));
    assertEquals(Optional.of("Paris"), FinalAnswers.extract("Thinking.\n  Paris  \n\n"));
    assertEquals(Optional.empty(), FinalAnswers.extract("  \n"));
    assertEquals(Optional.empty(), FinalAnswers.extract("unclosed \\boxed{12"));
  }

  @Test
  void normalizesSpacesBoxesDollarsPeriodsAndNumbers() {
    assertEquals("0.5", FinalAnswers.normalize("0.50"));
    assertEquals("0.5", FinalAnswers.normalize("$.5$"));
    assertEquals("1000", FinalAnswers.normalize("\\boxed{1,000.0}"));
    assertEquals("0", FinalAnswers.normalize("-0.00"));
    assertEquals("12", FinalAnswers.normalize(" 12. "));
    assertEquals("x+1", FinalAnswers.normalize("$X + 1$"));
    assertEquals("\\frac{1}{2}", FinalAnswers.normalize("\\frac{1}{2}"));
  }
}
