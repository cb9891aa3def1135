package dev.distillery.workflow;

/**
 * One experiment's state within its sweep.
 *
 * @param experiment its name
 * @param workflowId its workflow id
 * @param state its state
 * @param result its result once finished, else null
 */
public record ExperimentStatus(
    String experiment, String workflowId, ExperimentState state, ExperimentResult result) {}
