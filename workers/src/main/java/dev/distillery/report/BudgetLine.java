package dev.distillery.report;

/**
 * One endpoint's budget in a report. A limit of 0 is no limit; spend is null when unknown (only
 * Temporal counts spend per endpoint, and only while it knows the sweep).
 *
 * @param endpoint the {@code base_url}
 * @param tokenLimit token limit
 * @param microUsdLimit cost limit in millionths of a dollar
 * @param tokensSpent tokens charged, or null
 * @param microUsdSpent cost charged, or null
 * @param paused whether sampling waits for a raise
 */
public record BudgetLine(
    String endpoint,
    long tokenLimit,
    long microUsdLimit,
    Long tokensSpent,
    Long microUsdSpent,
    boolean paused) {}
