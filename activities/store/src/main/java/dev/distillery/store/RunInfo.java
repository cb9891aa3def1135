package dev.distillery.store;

/**
 * Who produced a stage's artifact; copied into its {@link Manifest} for auditing.
 *
 * @param stageId the stage id in the recipe
 * @param workflowId the Temporal workflow id
 * @param runId the Temporal run id
 * @param workerIdentity the Temporal worker identity
 * @param distilleryVersion the Distillery version that wrote the artifact
 */
public record RunInfo(
    String stageId,
    String workflowId,
    String runId,
    String workerIdentity,
    String distilleryVersion) {}
