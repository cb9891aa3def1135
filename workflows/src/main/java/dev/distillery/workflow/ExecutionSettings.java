package dev.distillery.workflow;

/**
 * Execution settings chosen by the submitter, not by the recipe. They never change a content
 * address.
 *
 * @param heartbeatTimeoutSeconds how long a silent stage activity is presumed dead before Temporal
 *     retries it on another worker
 * @param joinRecheckSeconds how often an experiment waiting on a stage that another experiment
 *     computes checks again that the stage is still running
 */
public record ExecutionSettings(int heartbeatTimeoutSeconds, int joinRecheckSeconds) {
  public static final ExecutionSettings DEFAULT = new ExecutionSettings(60, 300);
}
