package dev.distillery.workflow;

import java.util.Set;

/**
 * Execution settings chosen by the submitter, not by the recipe. They never change a content
 * address.
 *
 * @param heartbeatTimeoutSeconds how long a silent stage activity is presumed dead before Temporal
 *     retries it on another worker
 * @param joinRecheckSeconds how often an experiment waiting on a stage that another experiment
 *     computes checks again that the stage is still running
 * @param budgeted endpoints ({@code base_url}) with a budget in the sweep: their sharded stages ask
 *     the sweep before starting each shard and report what each shard spent
 */
public record ExecutionSettings(
    int heartbeatTimeoutSeconds, int joinRecheckSeconds, Set<String> budgeted) {
  public static final ExecutionSettings DEFAULT = new ExecutionSettings(60, 300);

  public ExecutionSettings {
    budgeted = budgeted == null ? Set.of() : Set.copyOf(budgeted);
  }

  /** Settings without budgets. */
  public ExecutionSettings(int heartbeatTimeoutSeconds, int joinRecheckSeconds) {
    this(heartbeatTimeoutSeconds, joinRecheckSeconds, Set.of());
  }

  /** These settings for a sweep whose budgets name {@code endpoints}. */
  public ExecutionSettings withBudgeted(Set<String> endpoints) {
    return new ExecutionSettings(heartbeatTimeoutSeconds, joinRecheckSeconds, endpoints);
  }
}
