package dev.distillery.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 15's grading benchmark: {@code distill grade} on {@code bench.pairs} (default 10,000)
 * generated math pairs of mixed categories (integers, fractions against decimals, radicals and pi,
 * scientific notation, intervals, tuples, sets, equations, expressions with variables, text with
 * units), a third of them wrong, each response a few hundred characters of reasoning ending in a
 * {@code \boxed{}} answer, run as its own JVM. Prints the wall time, JVM start included. Run:
 * {@code ./mvnw -o -Pbench -pl workers -am test -Dtest=GradeBenchmarkTest
 * -Dsurefire.failIfNoSpecifiedTests=false}.
 */
@Tag("benchmark")
class GradeBenchmarkTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  @Test
  void gradesTenThousandMixedPairs() throws Exception {
    int n = Integer.getInteger("bench.pairs", 10_000);
    Path pairs = dir.resolve("pairs.jsonl");
    Random random = new Random(15);
    int expectedRight = 0;
    try (BufferedWriter out = Files.newBufferedWriter(pairs, StandardCharsets.UTF_8)) {
      for (int i = 0; i < n; i++) {
        String[] pair = pair(random, i % 10);
        boolean right = random.nextInt(3) != 0;
        String answer = right ? pair[1] : pair[2];
        expectedRight += right ? 1 : 0;
        ObjectNode row = JSON.createObjectNode();
        row.put("reference", pair[0]);
        row.put(
            "response",
            "Let me work through this step by step. ".repeat(8) + "So \\boxed{" + answer + "}.");
        row.put("type", "math");
        out.write(JSON.writeValueAsString(row));
        out.newLine();
      }
    }
    Path log = dir.resolve("grade.log");
    long start = System.nanoTime();
    Process grade = DistillProcess.start(Map.of(), log, "grade", pairs.toString());
    assertTrue(grade.waitFor(120, TimeUnit.SECONDS), "distill grade did not finish");
    double seconds = (System.nanoTime() - start) / 1e9;
    String output = Files.readString(log);
    assertEquals(0, grade.exitValue(), output.substring(Math.max(0, output.length() - 2000)));
    String summary = output.lines().filter(l -> l.startsWith("all: ")).findFirst().orElseThrow();
    System.out.printf(
        "grade benchmark: %d pairs, %.2f s wall (JVM start included), %s (generated %d right)%n",
        n, seconds, summary, expectedRight);
  }

  /** {reference, an equivalent answer, a wrong answer} of category {@code c}. */
  private static String[] pair(Random r, int c) {
    int a = 1 + r.nextInt(99);
    int b = 2 + r.nextInt(20);
    return switch (c) {
      case 0 -> new String[] {"" + a * b, "" + a * b, "" + (a * b + 1)};
      case 1 ->
          new String[] {
            "\\frac{" + a + "}{" + b + "}",
            "\\dfrac{" + 2 * a + "}{" + 2 * b + "}",
            "\\frac{" + b + "}{" + a + "}"
          };
      case 2 ->
          new String[] {
            a + "\\sqrt{" + b + "}", "\\sqrt{" + a * a * b + "}", (a + 1) + "\\sqrt{" + b + "}"
          };
      case 3 -> new String[] {"\\frac{" + a + "\\pi}{" + b + "}", a + "\\pi/" + b, a + "/" + b};
      case 4 -> new String[] {a + ".5 \\times 10^{3}", a + "500", a + "50"};
      case 5 -> new String[] {"(-\\infty, " + a + "]", "x \\le " + a, "x < " + a};
      case 6 ->
          new String[] {
            "(" + a + ", " + b + ")",
            "\\left(" + a + ",\\ " + b + "\\right)",
            "(" + b + ", " + a + ")"
          };
      case 7 ->
          new String[] {"\\{" + a + ", " + b + ", -1\\}", "-1, " + b + ", " + a, a + ", " + b};
      case 8 ->
          new String[] {"y = " + a + "x + " + b, b + " + " + a + "x", "y = " + b + "x + " + a};
      default ->
          new String[] {"(x+" + a + ")^2", "x^2 + " + 2 * a + "x + " + a * a, "x^2 + " + a * a};
    };
  }
}
