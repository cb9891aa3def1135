package dev.distillery.workflow;

import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.TemporalFailure;
import io.temporal.failure.TimeoutFailure;

/** Turns Temporal failure chains into the one message a user needs. */
final class Failures {
  private Failures() {}

  /**
   * The message a user needs from a failure chain: the first non-empty application message (the one
   * the failing code wrote, not the low-level causes under it), else a timeout description, else
   * the top message.
   */
  static String message(Throwable failure) {
    String timeout = null;
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof ApplicationFailure app
          && app.getOriginalMessage() != null
          && !app.getOriginalMessage().isBlank()) {
        return app.getOriginalMessage();
      }
      if (t instanceof TimeoutFailure tf && timeout == null) {
        timeout = "timed out (" + tf.getTimeoutType() + ")";
      }
    }
    if (timeout != null) {
      return timeout;
    }
    return failure instanceof TemporalFailure tf ? tf.getOriginalMessage() : failure.getMessage();
  }
}
