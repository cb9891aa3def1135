package dev.distillery.grading;

/**
 * A grader's verdict on one response.
 *
 * @param correct whether the response's answer is right
 * @param extracted the answer the grader took from the response (the boxed expression, the choice
 *     letter, the program), or null when it found none
 * @param reason why it is wrong (for example "no answer found", "timed out after 6 s"), or null
 *     when correct
 */
public record Verdict(boolean correct, String extracted, String reason) {
  /** A right answer. */
  public static Verdict right(String extracted) {
    return new Verdict(true, extracted, null);
  }

  /** A wrong answer, and why. */
  public static Verdict wrong(String extracted, String reason) {
    return new Verdict(false, extracted, reason);
  }
}
