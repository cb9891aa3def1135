package dev.distillery.cli;

/** An error to show the user as one paragraph, with an exit code, and no stack trace. */
public class UserException extends Exception {
  private final int exitCode;

  public UserException(int exitCode, String message) {
    super(message);
    this.exitCode = exitCode;
  }

  public int exitCode() {
    return exitCode;
  }
}
