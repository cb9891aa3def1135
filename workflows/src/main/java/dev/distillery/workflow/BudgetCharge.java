package dev.distillery.workflow;

/**
 * What one shard spent on an endpoint, signalled to the sweep that started its stage.
 *
 * @param stageWorkflowId the charging stage, which the sweep answers with a {@link BudgetGate}
 * @param endpoint the stage's {@code base_url}
 * @param tokens prompt plus completion tokens requested
 * @param microUsd their cost in millionths of a dollar
 * @param seq the stage's count of charges so far, echoed in the answer
 * @param shard the shard charged ({@link ShardInput#range()}); its provisional spend ({@link
 *     SpendReport}) is replaced by this charge. Null in charges from before shards reported spend
 */
public record BudgetCharge(
    String stageWorkflowId, String endpoint, long tokens, long microUsd, long seq, String shard) {}
