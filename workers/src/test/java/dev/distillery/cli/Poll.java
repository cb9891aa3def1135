package dev.distillery.cli;

import java.time.Duration;
import java.util.concurrent.Callable;

/** Waits in end-to-end tests for something another thread or process brings about. */
final class Poll {
  private Poll() {}

  /**
   * Asks {@code done} every {@code interval} until it says yes; fails with {@code failure}'s
   * message once {@code timeout} has passed without it.
   */
  static void until(
      Duration timeout, Duration interval, Callable<Boolean> done, Callable<String> failure)
      throws Exception {
    until(timeout, interval, null, done, failure);
  }

  /**
   * As {@link #until(Duration, Duration, Callable, Callable)}, and fails as soon as {@code doer},
   * the process that should bring it about, has died without it.
   */
  static void until(
      Duration timeout,
      Duration interval,
      Process doer,
      Callable<Boolean> done,
      Callable<String> failure)
      throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!done.call()) {
      if (System.nanoTime() >= deadline || (doer != null && !doer.isAlive())) {
        throw new AssertionError(failure.call());
      }
      Thread.sleep(interval.toMillis());
    }
  }
}
