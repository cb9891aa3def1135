package dev.distillery.recipe;

/**
 * How a stage's activity is retried and timed out. Not part of the content address.
 *
 * @param maxAttempts attempts before the stage fails; user errors never retry
 * @param timeoutMinutes the start-to-close limit of one attempt
 */
public record RetrySpec(int maxAttempts, int timeoutMinutes) {
  public static final RetrySpec DEFAULT = new RetrySpec(5, 120);

  /** Training runs for hours or days: one attempt may take a week. */
  public static final RetrySpec TRAINING = new RetrySpec(5, 7 * 24 * 60);

  /** An evaluation asks thousands of long questions in one activity: a day per attempt. */
  public static final RetrySpec EVALUATION = new RetrySpec(5, 24 * 60);

  /** The defaults of a stage of {@code kind}: its {@link StageKindSpec#defaultRetry}. */
  public static RetrySpec defaultFor(String kind) {
    return StageKinds.spec(kind).map(StageKindSpec::defaultRetry).orElse(DEFAULT);
  }
}
