package dev.distillery.workflow;

/**
 * What a running shard has spent on a budgeted endpoint so far, sent to the sweep with {@link
 * SweepWorkflow#reportSpend} when its grant is used up and when it stops. The figures are the
 * shard's: what its checkpoint held when this run (activity attempt) started, plus what this run
 * has finished since.
 *
 * @param stageWorkflowId the shard's stage workflow
 * @param endpoint the stage's {@code base_url}
 * @param shard the shard ({@link ShardInput#range()})
 * @param attempt identifies this run of the shard (activity id and attempt): a report from a new
 *     run replaces the old run's
 * @param tokens prompt plus completion tokens spent, as above
 * @param microUsd their cost in millionths of a dollar
 * @param last true when this run of the shard stops (finished or paused): it asks for nothing more
 */
public record SpendReport(
    String stageWorkflowId,
    String endpoint,
    String shard,
    String attempt,
    long tokens,
    long microUsd,
    boolean last) {}
