package dev.distillery.grading;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Input built to make a grader crash or hang: deep nesting, huge exponents and factorials, long
 * lists, megabyte responses. Each pair must be graded, wrong, within {@link #BOUND}, with a reason.
 */
class MathGraderHostileInputTest {
  /** Per pair; grading takes milliseconds, the rest is slack for a loaded machine. */
  private static final Duration BOUND = Duration.ofSeconds(2);

  private static final String MEGABYTE = "x + y = z. ".repeat(100_000);

  static Stream<Arguments> pairs() {
    return Stream.of(
        Arguments.of(
            "deep parentheses", "1", boxed("(".repeat(200_000) + "1" + ")".repeat(200_000) + "+1")),
        Arguments.of("deep braces", "1", boxed("{".repeat(100_000) + "2" + "}".repeat(100_000))),
        Arguments.of(
            "deep fractions", "1", boxed("\\frac{1}{".repeat(5_000) + "2" + "}".repeat(5_000))),
        Arguments.of("deep roots", "2", boxed("\\sqrt{".repeat(3_000) + "3" + "}".repeat(3_000))),
        Arguments.of("huge exponent", "2^{10^{9}}", boxed("2^{10^{9}}+1")),
        Arguments.of("power tower", "1", boxed("9^{9^{9^{9^{9}}}}")),
        Arguments.of("huge literal exponent", "1", boxed("10^{999999999999}")),
        Arguments.of("huge factorial", "1", boxed("1000000000!")),
        Arguments.of("factorial tower", "1", boxed("((10!)!)!")),
        Arguments.of("huge binomial", "1", boxed("\\binom{1000000000}{500000000}")),
        Arguments.of("scientific overflow", "1", boxed("1e999 * 1e999 * 1e999")),
        Arguments.of("long number", "1", boxed("9".repeat(1_000_000))),
        Arguments.of("long list", "1", boxed("1, ".repeat(300_000) + "2")),
        Arguments.of("long product", "1", boxed("99999999999*".repeat(50_000) + "2")),
        Arguments.of(
            "many variables", "1", boxed("a b c d f g h j k m n p q r s t u v w z".repeat(200))),
        Arguments.of("megabyte without answer", "1", MEGABYTE),
        Arguments.of("megabyte then answer", "2", MEGABYTE + "\\boxed{3}"),
        Arguments.of("unclosed boxes", "1", "\\boxed{".repeat(200_000)),
        Arguments.of("dollar storm", "1", "$".repeat(1_000_000)),
        Arguments.of("megabyte reference", "x".repeat(1_000_000), boxed("1")),
        Arguments.of("nested sets", "1", boxed("\\{".repeat(50_000) + "1" + "\\}".repeat(50_000))),
        Arguments.of("relation chain", "1", boxed("x=".repeat(100_000) + "2")),
        Arguments.of("control characters", "1", boxed("\u0000\u0001\uFFFF\uD800")));
  }

  private static String boxed(String s) {
    return "After a long derivation, \\boxed{" + s + "}.";
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("pairs")
  void gradesWrongQuicklyWithoutCrashing(String name, String reference, String response) {
    MathGrader grader = new MathGrader();
    Verdict verdict = assertTimeoutPreemptively(BOUND, () -> grader.grade(reference, response));
    assertFalse(verdict.correct(), name + ": " + verdict);
    assertNotNull(verdict.reason());
    assertTrue(verdict.extracted() == null || verdict.extracted().length() <= response.length());
  }
}
