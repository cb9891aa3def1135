package dev.distillery.http;

/**
 * One try of a call that a {@link Retrier} repeats.
 *
 * @param <T> what the call returns
 * @param <E> the checked failure a {@link RetryDecision} is made from
 */
@FunctionalInterface
public interface Attempt<T, E extends Exception> {
  /**
   * @param number this attempt's number, from 1
   */
  T run(int number) throws E, InterruptedException;
}
