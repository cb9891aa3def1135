package dev.distillery.grading;

import java.util.List;
import java.util.Optional;

/** The grader for each answer type that {@code distill grade} and evaluation rows name. */
public final class Graders {
  public static final String MATH = "math";
  public static final String MULTIPLE_CHOICE = "multiple-choice";
  public static final String CODE = "code";

  /** Every type, in the order to list them. */
  public static final List<String> TYPES = List.of(MATH, MULTIPLE_CHOICE, CODE);

  private Graders() {}

  /**
   * The grader for {@code type} ({@link #TYPES}); empty for an unknown type, and for {@code code}
   * while no code grader is wired in ({@link #codeGrader()}).
   */
  public static Optional<Grader> forType(String type) {
    return switch (type) {
      case MATH -> Optional.of(new MathGrader());
      case MULTIPLE_CHOICE -> Optional.of(new MultipleChoiceGrader());
      case CODE -> codeGrader();
      default -> Optional.empty();
    };
  }

  /**
   * The code grader (hidden tests in a sandboxed process). Wire {@code CodeGrader} in here; until
   * then code rows cannot be graded.
   */
  private static Optional<Grader> codeGrader() {
    return Optional.empty();
  }
}
