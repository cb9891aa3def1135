package dev.distillery.workflow;

/**
 * A stage workflow asking the sweep for {@link BudgetGate} signals about an endpoint.
 *
 * @param stageWorkflowId where to send them
 * @param endpoint the stage's {@code base_url}
 */
public record BudgetWatch(String stageWorkflowId, String endpoint) {}
