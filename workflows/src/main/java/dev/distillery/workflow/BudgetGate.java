package dev.distillery.workflow;

/**
 * Whether a stage may start more shards on an endpoint, sent by the sweep.
 *
 * @param endpoint the {@code base_url}
 * @param open true while the budget is not used up
 * @param message for the stage's details, for example what was spent of what
 * @param seq the last {@link BudgetCharge#seq()} of the receiving stage the sweep had counted, so
 *     the stage can wait for the answer to its own latest charge
 */
public record BudgetGate(String endpoint, boolean open, String message, long seq) {}
