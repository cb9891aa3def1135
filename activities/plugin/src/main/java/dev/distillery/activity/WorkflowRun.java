package dev.distillery.activity;

import io.temporal.common.WorkflowExecutionHistory;

/**
 * One run of a workflow with its history.
 *
 * @param runId the run's id
 * @param history its events, as the server returned them
 */
public record WorkflowRun(String runId, WorkflowExecutionHistory history) {}
