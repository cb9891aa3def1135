package dev.distillery.workflow;

import io.temporal.activity.Activity;
import io.temporal.activity.ActivityExecutionContext;
import io.temporal.client.WorkflowClient;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Shard activities that spend {@value #TOKENS_PER_ROW} tokens per row on a budgeted endpoint the
 * way the real shard runner does: a row starts only while the shard's spend is below its grant's
 * cap; a refused grant checkpoints the shard (here: in memory) and ends it paused. Each row also
 * signals the stage's progress.
 */
final class FakeBudgetedLlmActivities implements LlmActivities {
  static final long TOKENS_PER_ROW = 10;

  /** Rows computed, in order, each once unless a shard repeated one. */
  final List<Long> rows = new CopyOnWriteArrayList<>();

  final Map<String, Long> checkpoints = new ConcurrentHashMap<>();
  final List<String> runs = new CopyOnWriteArrayList<>();

  @Override
  public ShardResult computeShard(ShardInput shard) {
    ActivityExecutionContext activity = Activity.getExecutionContext();
    WorkflowClient client = activity.getWorkflowClient();
    String stage = activity.getInfo().getWorkflowId();
    String endpoint = shard.stage().stage().params().path("base_url").asText();
    String attempt = activity.getInfo().getActivityId() + "#" + activity.getInfo().getAttempt();
    runs.add(shard.range());
    long done = checkpoints.getOrDefault(shard.range(), 0L);
    long spent = done * TOKENS_PER_ROW;
    SpendGrant grant = null;
    for (long row = shard.from() + done; row < shard.to(); row++) {
      if (grant == null || !grant.allows(spent, 0)) {
        grant = report(client, shard, stage, endpoint, attempt, spent, false);
      }
      if (!grant.allows(spent, 0)) {
        checkpoints.put(shard.range(), row - shard.from());
        report(client, shard, stage, endpoint, attempt, spent, true);
        return new ShardResult(
            shard.from(), shard.to(), row - shard.from(), 0, spent, 0, false, true);
      }
      rows.add(row);
      spent += TOKENS_PER_ROW;
      client
          .newUntypedWorkflowStub(stage)
          .signal(
              StageWorkflow.PROGRESS_SIGNAL,
              new ShardProgress(shard.from(), row + 1 - shard.from()));
    }
    long count = shard.to() - shard.from();
    return new ShardResult(shard.from(), shard.to(), count, 0, spent, 0, false);
  }

  private static SpendGrant report(
      WorkflowClient client,
      ShardInput shard,
      String stage,
      String endpoint,
      String attempt,
      long spent,
      boolean last) {
    return client
        .newUntypedWorkflowStub(WorkflowIds.sweep(shard.stage().sweep()))
        .update(
            "reportSpend",
            SpendGrant.class,
            new SpendReport(stage, endpoint, shard.range(), attempt, spent, 0, last));
  }
}
