package dev.distillery.http;

import java.time.Duration;

/** Waits between attempts; tests pass one that records the waits instead of sleeping. */
@FunctionalInterface
public interface Sleeper {
  /** The production sleeper: {@link Thread#sleep}. */
  Sleeper THREAD = wait -> Thread.sleep(wait.toMillis());

  void sleep(Duration wait) throws InterruptedException;
}
