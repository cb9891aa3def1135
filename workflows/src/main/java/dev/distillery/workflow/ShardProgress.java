package dev.distillery.workflow;

/**
 * How far a running shard got, signalled to its stage workflow now and then ({@link
 * StageWorkflow#shardProgress}): at most every few seconds and every hundredth of the stage.
 *
 * @param from the shard's first input row, which names it
 * @param done the shard's input rows finished
 */
public record ShardProgress(long from, long done) {}
