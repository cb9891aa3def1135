package dev.distillery.stages;

/**
 * A training command that exited with an error. Retried (a lost node or a full disk may be the
 * cause; the retry resumes from the last checkpoint); its message carries the log's last lines.
 */
public final class TrainingFailedException extends Exception {
  public TrainingFailedException(String message) {
    super(message);
  }
}
