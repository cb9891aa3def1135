package dev.distillery.workflow;

/**
 * Raises a sweep's budget for an endpoint ({@code distill budget SWEEP --add ...}).
 *
 * @param endpoint the {@code base_url}, or null for the sweep's only budgeted endpoint
 * @param tokens tokens to add
 * @param microUsd millionths of a dollar to add
 */
public record BudgetIncrease(String endpoint, long tokens, long microUsd) {}
