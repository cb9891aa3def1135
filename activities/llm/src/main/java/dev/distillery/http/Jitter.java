package dev.distillery.http;

/**
 * How a {@link RetryPolicy} spreads its backoff, so that clients failing together do not retry
 * together.
 */
public enum Jitter {
  /** Uniform in {@code [0, ceiling]}: the fewest collisions (AWS's recommendation). */
  FULL,
  /**
   * {@code ceiling / 2} plus uniform in {@code [0, ceiling / 2]}: never much shorter than asked.
   */
  EQUAL
}
