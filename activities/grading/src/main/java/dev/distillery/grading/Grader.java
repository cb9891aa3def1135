package dev.distillery.grading;

/**
 * Grades one model response against a benchmark's reference answer. Implementations are pure
 * functions of their inputs (the code grader runs a sandboxed process), bounded in time, and never
 * throw on hostile input: a response that cannot be graded is wrong, with the reason.
 */
public interface Grader {
  /**
   * The verdict on {@code response} (the model's whole answer text) for {@code reference} (the
   * benchmark's answer: a math expression, a choice letter, or the tests of a coding task).
   */
  Verdict grade(String reference, String response);
}
