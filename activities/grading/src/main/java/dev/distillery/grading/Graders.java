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
   * on a machine without Python 3 ({@link #codeGrader()}).
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
   * The code grader (hidden tests in a sandboxed Python process); empty when this machine has no
   * Python 3 ({@link CodeGraderUnavailableException} says how to install it).
   */
  private static Optional<Grader> codeGrader() {
    try {
      return Optional.of(new CodeGrader());
    } catch (CodeGraderUnavailableException e) {
      return Optional.empty();
    }
  }
}
