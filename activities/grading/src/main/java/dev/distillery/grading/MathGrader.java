package dev.distillery.grading;

import java.util.Optional;

/**
 * Grades a math answer: the response's final answer ({@link BoxedAnswers#finalAnswer}), normalized
 * ({@link MathNormalizer}), is compared with the reference (itself the last {@code \boxed{}} when
 * it has one) for equivalence ({@link MathEquivalence}): numbers of any notation, radicals and
 * {@code \pi}, expressions with variables, tuples, sets, lists, intervals, unions, equations and
 * matrices. When the final answer is a sentence ("The volume is 120"), its last formula and then
 * its last number are tried.
 *
 * <p>Time per pair is bounded whatever the input: extraction is linear in the response, answers are
 * cut at {@link MathNormalizer#MAX_LENGTH} characters, nesting at {@link MathParser#MAX_DEPTH},
 * exact arithmetic at {@link Rational#MAX_BITS} bits, and all evaluation at {@link #STEP_BUDGET}
 * steps; past a bound the answer is wrong with the reason. Thread-safe and stateless.
 */
public final class MathGrader implements Grader {
  /** Evaluation steps one pair may take. */
  public static final int STEP_BUDGET = 400_000;

  @Override
  public Verdict grade(String reference, String response) {
    Optional<String> found = BoxedAnswers.finalAnswer(response);
    if (found.isEmpty()) {
      return Verdict.wrong(null, "no answer found");
    }
    String extracted = found.get();
    String expected = reference == null ? "" : reference;
    if (BoxedAnswers.lastBoxed(expected).isPresent()) {
      expected = BoxedAnswers.lastBoxed(expected).get();
    }
    try {
      MathExpr.Budget budget = new MathExpr.Budget(STEP_BUDGET);
      MathAnswer want = MathAnswer.parse(MathNormalizer.normalize(expected), 0);
      if (want.text().isEmpty()) {
        return Verdict.wrong(extracted, "the reference is empty");
      }
      MathEquivalence equivalence = new MathEquivalence(budget);
      MathAnswer got = MathAnswer.parse(MathNormalizer.normalize(extracted), 0);
      if (equivalence.equivalent(want, got)) {
        return Verdict.right(extracted);
      }
      if (!boxed(response)) {
        for (Optional<String> part :
            java.util.List.of(
                BoxedAnswers.lastFormula(extracted), BoxedAnswers.lastNumber(extracted))) {
          if (part.isPresent()) {
            MathAnswer candidate = MathAnswer.parse(MathNormalizer.normalize(part.get()), 0);
            if (equivalence.equivalent(want, candidate)) {
              return Verdict.right(part.get());
            }
          }
        }
      }
      return Verdict.wrong(extracted, "not equivalent to the reference " + abbreviate(expected));
    } catch (ArithmeticException | StackOverflowError e) {
      return Verdict.wrong(extracted, "too complex to compare: " + e.getMessage());
    } catch (RuntimeException e) {
      return Verdict.wrong(extracted, "could not be compared: " + e);
    }
  }

  private static boolean boxed(String response) {
    return BoxedAnswers.lastBoxed(response).isPresent();
  }

  static String abbreviate(String s) {
    String flat = s.strip().replaceAll("\\s+", " ");
    return flat.length() <= 80 ? flat : flat.substring(0, 77) + "...";
  }
}
