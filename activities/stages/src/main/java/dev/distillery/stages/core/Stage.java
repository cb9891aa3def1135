package dev.distillery.stages.core;

/**
 * One stage kind's implementation: reads its inputs, writes rows to the context's sink. A stage
 * does not know about Temporal or S3 layout; the activity adapts it. Throw {@link
 * StageUserException} for errors the user must fix (no retry helps); any other exception is treated
 * as transient and retried.
 */
public interface Stage {
  void run(StageContext context) throws Exception;
}
