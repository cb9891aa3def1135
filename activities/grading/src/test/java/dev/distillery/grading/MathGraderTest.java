package dev.distillery.grading;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The math grader against the table in {@code math-equivalence-cases.txt}: equal and not-equal
 * pairs by category (integers, decimals, fractions, scientific notation, radicals and pi,
 * normalization, extraction, intervals and unions, tuples, sets and lists, equations, algebraic
 * expressions, matrices).
 */
class MathGraderTest {
  private static final String CASES = "math-equivalence-cases.txt";
  private final MathGrader grader = new MathGrader();

  static Stream<Arguments> cases() throws IOException {
    List<Arguments> out = new ArrayList<>();
    String category = "";
    try (BufferedReader in =
        new BufferedReader(
            new InputStreamReader(
                MathGraderTest.class.getResourceAsStream(CASES), StandardCharsets.UTF_8))) {
      String line;
      int number = 0;
      while ((line = in.readLine()) != null) {
        number++;
        if (line.startsWith("# ")) {
          category = line.substring(2);
          continue;
        }
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        String[] cells = line.split(" \\| ", 3);
        if (cells.length != 3 || !(cells[0].equals("=") || cells[0].equals("≠"))) {
          throw new IllegalStateException(CASES + ":" + number + ": not 'expected | ref | resp'");
        }
        out.add(Arguments.of(category, number, cells[1], cells[2], cells[0].equals("=")));
      }
    }
    return out.stream();
  }

  @ParameterizedTest(name = "{0} line {1}: {2} vs {3}")
  @MethodSource("cases")
  void gradesTheTable(
      String category, int line, String reference, String response, boolean expected) {
    Verdict verdict = grader.grade(reference, response);
    assertEquals(
        expected, verdict.correct(), () -> category + " (" + CASES + ":" + line + "): " + verdict);
    if (verdict.correct()) {
      assertNull(verdict.reason());
    } else {
      assertFalse(verdict.reason().isBlank());
    }
  }

  @Test
  void theTableHasAtLeast150CasesWithNotEqualOnesInEveryCategory() throws IOException {
    Map<String, int[]> perCategory = new TreeMap<>();
    cases()
        .forEach(
            a -> {
              Object[] args = a.get();
              int[] counts = perCategory.computeIfAbsent((String) args[0], k -> new int[2]);
              counts[(Boolean) args[4] ? 0 : 1]++;
            });
    int total = perCategory.values().stream().mapToInt(c -> c[0] + c[1]).sum();
    assertTrue(total >= 150, "only " + total + " cases");
    perCategory.forEach(
        (category, counts) ->
            assertTrue(counts[0] > 0 && counts[1] > 0, category + " lacks equal or unequal cases"));
  }

  @Test
  void reportsWhatItExtractedAndWhy() {
    Verdict right = grader.grade("\\frac{1}{2}", "so \\boxed{0.5}.");
    assertEquals(Verdict.right("0.5"), right);

    Verdict wrong = grader.grade("4", "It is \\boxed{5}");
    assertEquals("5", wrong.extracted());
    assertTrue(wrong.reason().contains("4"), wrong.reason());

    Verdict none = grader.grade("4", "   ");
    assertNull(none.extracted());
    assertEquals("no answer found", none.reason());
  }
}
