package dev.distillery.recipe;

/**
 * How a stage's activity is retried and timed out. Not part of the content address.
 *
 * @param maxAttempts attempts before the stage fails; user errors never retry
 * @param timeoutMinutes the start-to-close limit of one attempt
 */
public record RetrySpec(int maxAttempts, int timeoutMinutes) {
  public static final RetrySpec DEFAULT = new RetrySpec(5, 120);
}
