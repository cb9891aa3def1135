package dev.distillery.recipe;

/**
 * A spending limit for one endpoint in a sweep. Sampling pauses when either limit is reached, until
 * the budget is raised or the sweep is cancelled. A limit of 0 is no limit.
 *
 * @param tokens prompt plus completion tokens
 * @param microUsd cost in millionths of a dollar, from the stage's configured prices
 */
public record Budget(long tokens, long microUsd) {
  /** For messages, for example {@code 2000000 tokens} or {@code $12.50}. */
  public static String describe(long tokens, long microUsd) {
    StringBuilder s = new StringBuilder();
    if (tokens > 0) {
      s.append(tokens).append(" tokens");
    }
    if (microUsd > 0) {
      s.append(s.isEmpty() ? "" : " and ").append(String.format("$%.2f", microUsd / 1e6));
    }
    return s.isEmpty() ? "no limit" : s.toString();
  }
}
