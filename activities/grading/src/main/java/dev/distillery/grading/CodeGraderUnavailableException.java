package dev.distillery.grading;

/**
 * Thrown when {@link CodeGrader} cannot run programs on this machine (no Python 3). The message is
 * one paragraph that names the fix.
 */
public class CodeGraderUnavailableException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** An unavailable grader, and why. */
  public CodeGraderUnavailableException(String message) {
    super(message);
  }
}
