package dev.distillery.workflow;

import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.TemporalFailure;
import io.temporal.failure.TimeoutFailure;

/** Turns Temporal failure chains into the one message a user needs. */
final class Failures {
  private Failures() {}

  /** The innermost application message, or a timeout description, of a failure chain. */
  static String message(Throwable failure) {
    String message = failure.getMessage();
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof ApplicationFailure app) {
        message = app.getOriginalMessage();
      } else if (t instanceof TimeoutFailure timeout) {
        message = "timed out (" + timeout.getTimeoutType() + ")";
      } else if (t instanceof TemporalFailure tf && tf.getCause() == null) {
        message = tf.getOriginalMessage();
      }
    }
    return message;
  }
}
