package dev.distillery.stages.core;

/**
 * An error the recipe author or operator must fix (a missing file, a bad param, an unset API key
 * variable). Never retried. The message names the stage, the place and the fix.
 */
public class StageUserException extends Exception {
  public StageUserException(String message) {
    super(message);
  }

  public StageUserException(String message, Throwable cause) {
    super(message, cause);
  }
}
