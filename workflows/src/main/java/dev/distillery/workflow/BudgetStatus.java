package dev.distillery.workflow;

/**
 * One endpoint's budget in a sweep, as the progress query reports it.
 *
 * @param endpoint the {@code base_url}
 * @param tokenLimit token limit, 0 for none
 * @param tokensSpent tokens charged so far
 * @param microUsdLimit cost limit in millionths of a dollar, 0 for none
 * @param microUsdSpent cost charged so far
 * @param paused true when the budget is used up and sampling waits for a raise
 */
public record BudgetStatus(
    String endpoint,
    long tokenLimit,
    long tokensSpent,
    long microUsdLimit,
    long microUsdSpent,
    boolean paused) {}
