package dev.distillery.activity;

import dev.distillery.workflow.ShardProgress;
import dev.distillery.workflow.SpendGrant;
import dev.distillery.workflow.SpendReport;
import dev.distillery.workflow.StageWorkflow;
import dev.distillery.workflow.SweepWorkflow;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowNotFoundException;
import io.temporal.client.WorkflowServiceException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@link ShardMessages} as a signal to the stage workflow and an update of the sweep workflow. */
public final class TemporalShardMessages implements ShardMessages {
  private static final Logger log = LoggerFactory.getLogger(TemporalShardMessages.class);
  private static final int ATTEMPTS = 5;

  private final WorkflowClient client;

  public TemporalShardMessages(WorkflowClient client) {
    this.client = client;
  }

  @Override
  public void progress(String stageWorkflowId, ShardProgress progress) {
    try {
      client
          .newUntypedWorkflowStub(stageWorkflowId)
          .signal(StageWorkflow.PROGRESS_SIGNAL, progress);
    } catch (RuntimeException e) {
      log.debug("progress of {} not delivered: {}", stageWorkflowId, e.toString());
    }
  }

  @Override
  public boolean budgetOpen(String sweepWorkflowId, String endpoint) {
    try {
      return client.newWorkflowStub(SweepWorkflow.class, sweepWorkflowId).budgetOpen(endpoint);
    } catch (RuntimeException e) {
      log.debug("budget of {} not asked: {}", sweepWorkflowId, e.toString());
      return true;
    }
  }

  @Override
  public SpendGrant reportSpend(String sweepWorkflowId, SpendReport report) {
    for (int attempt = 1; ; attempt++) {
      try {
        return client
            .newUntypedWorkflowStub(sweepWorkflowId)
            .update("reportSpend", SpendGrant.class, report);
      } catch (WorkflowNotFoundException e) {
        return SpendGrant.unlimited(); // The sweep has ended: no budget applies.
      } catch (WorkflowServiceException e) {
        // For example an update arriving while the sweep continues as new: ask again.
        if (attempt == ATTEMPTS) {
          throw e;
        }
        log.info("spend report to {} failed ({}); asking again", sweepWorkflowId, e.toString());
        try {
          Thread.sleep(200L << attempt);
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          throw e;
        }
      }
    }
  }
}
