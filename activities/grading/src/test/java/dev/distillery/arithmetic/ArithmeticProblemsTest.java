package dev.distillery.arithmetic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ArithmeticProblemsTest {

  @Test
  void generationIsDeterministicPerSeedAndIndex() {
    for (int index = 0; index < 50; index++) {
      assertEquals(
          ArithmeticProblems.generate(42, index, 20, 3),
          ArithmeticProblems.generate(42, index, 20, 3));
    }
    Set<String> expressions = new HashSet<>();
    for (int index = 0; index < 50; index++) {
      expressions.add(ArithmeticProblems.generate(42, index, 20, 3).expression());
    }
    assertTrue(expressions.size() > 40, "indices should give different problems");
    assertNotEquals(
        ArithmeticProblems.generate(1, 0, 1000, 4).expression(),
        ArithmeticProblems.generate(2, 0, 1000, 4).expression());
  }

  @Test
  void generatedProblemsHaveTheDocumentedShape() {
    for (int index = 0; index < 100; index++) {
      ArithmeticProblem problem = ArithmeticProblems.generate(7, index, 9, 3);
      assertEquals("arith-7-" + index, problem.id());
      assertEquals(
          "Compute " + problem.expression() + ". Give the final answer in \\boxed{}.",
          problem.question());
      String[] tokens = problem.expression().split(" ");
      assertEquals(7, tokens.length);
      for (int i = 0; i < tokens.length; i += 2) {
        int operand = Integer.parseInt(tokens[i]);
        assertTrue(operand >= 1 && operand <= 9, problem.expression());
      }
      for (int i = 1; i < tokens.length; i += 2) {
        assertTrue(List.of("+", "-", "*").contains(tokens[i]), problem.expression());
      }
      assertEquals(
          Long.toString(ArithmeticProblems.evaluate(problem.expression())), problem.answer());
    }
  }

  @Test
  void respectsPrecedence() {
    assertEquals(28, ArithmeticProblems.evaluate("17 + 5 * 3 - 4"));
    assertEquals(
        List.of("5 * 3 = 15", "17 + 15 = 32", "32 - 4 = 28"),
        ArithmeticProblems.solutionSteps("17 + 5 * 3 - 4"));
    assertEquals(-19, ArithmeticProblems.evaluate("1 - 2 * 3 * 4 + 4"));
    assertEquals(
        List.of("2 * 3 = 6", "6 * 4 = 24", "1 - 24 = -23", "-23 + 4 = -19"),
        ArithmeticProblems.solutionSteps("1 - 2 * 3 * 4 + 4"));
    assertEquals(4, ArithmeticProblems.evaluate("10 - 3 - 3"), "subtraction is left-associative");
    assertEquals(42, ArithmeticProblems.evaluate("42"));
    assertEquals(List.of(), ArithmeticProblems.solutionSteps("42"));
  }

  @Test
  void pinnedExamples() {
    // Pinned so that a change to the generator, which would change every data set, is noticed.
    assertEquals(
        new ArithmeticProblem(
            "arith-42-0",
            "18 * 19 * 18 - 15",
            "Compute 18 * 19 * 18 - 15. Give the final answer in \\boxed{}.",
            "6141"),
        ArithmeticProblems.generate(42, 0, 20, 3));
    assertEquals("11 * 17 + 3 * 13", ArithmeticProblems.generate(42, 2, 20, 3).expression());
    assertEquals(
        List.of("11 * 17 = 187", "3 * 13 = 39", "187 + 39 = 226"),
        ArithmeticProblems.solutionSteps("11 * 17 + 3 * 13"));
    assertEquals("226", ArithmeticProblems.generate(42, 2, 20, 3).answer());
  }

  @Test
  void questionRoundTripsThroughExpressionOf() {
    for (int index = 0; index < 100; index++) {
      ArithmeticProblem problem = ArithmeticProblems.generate(3, index, 50, 4);
      assertEquals(
          Optional.of(problem.expression()), ArithmeticProblems.expressionOf(problem.question()));
      String wrapped =
          "You are a careful mathematician.\n\n  " + problem.question() + "  \n\nThink first.";
      assertEquals(Optional.of(problem.expression()), ArithmeticProblems.expressionOf(wrapped));
    }
    assertEquals(
        Optional.of("3 + 4 * 5"),
        ArithmeticProblems.expressionOf("Compute 3+4 *5. Give the final answer in \\boxed{}."));
    assertEquals(
        Optional.empty(), ArithmeticProblems.expressionOf("What is the capital of France?"));
    assertEquals(Optional.empty(), ArithmeticProblems.expressionOf(null));
  }

  @Test
  void rejectsMalformedExpressions() {
    assertThrows(IllegalArgumentException.class, () -> ArithmeticProblems.evaluate("1 +"));
    assertThrows(IllegalArgumentException.class, () -> ArithmeticProblems.evaluate("1 / 2"));
    assertThrows(IllegalArgumentException.class, () -> ArithmeticProblems.evaluate("+ 1"));
    assertThrows(IllegalArgumentException.class, () -> ArithmeticProblems.evaluate(""));
    assertThrows(IllegalArgumentException.class, () -> ArithmeticProblems.generate(1, 0, 0, 3));
  }
}
