package dev.distillery.workflow;

import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * Computes one stage through {@link StageActivities#compute}. Its workflow id is the stage's
 * content address, so at most one runs per address at a time; experiments that need the stage
 * meanwhile {@link #subscribe} and receive a {@link StageNotice} when it ends.
 */
@WorkflowInterface
public interface StageWorkflow {
  String SUBSCRIBE_SIGNAL = "subscribe";
  String BUDGET_SIGNAL = "budgetGate";
  String PROGRESS_SIGNAL = "shardProgress";
  String LEAVE_SIGNAL = "leave";

  /** The failure type of a stage stopped by {@link #leave} before it finished. */
  String STAGE_ABANDONED = "StageAbandoned";

  @WorkflowMethod
  StageResult run(StageInput input);

  /** Asks for a {@link ExperimentWorkflow#stageFinished} signal to the given workflow id. */
  @SignalMethod(name = SUBSCRIBE_SIGNAL)
  void subscribe(String experimentWorkflowId);

  /**
   * An experiment that started or joined this stage was cancelled and no longer needs it. When no
   * experiment that needs it is left (the one that started it and every subscriber have left), the
   * stage stops: cancelling one experiment never stops a stage another experiment joined, while
   * cancelling a whole sweep stops the stages only its experiments needed.
   */
  @SignalMethod(name = LEAVE_SIGNAL)
  void leave(String experimentWorkflowId);

  /** The sweep's word on an endpoint's budget: sharded stages start no shard while it is shut. */
  @SignalMethod(name = BUDGET_SIGNAL)
  void budgetGate(BudgetGate gate);

  /** A running shard's progress, from its activity. */
  @SignalMethod(name = PROGRESS_SIGNAL)
  void shardProgress(ShardProgress progress);

  /** A sharded stage's progress over all shards; empty figures for other stages. */
  @QueryMethod
  StageProgress progress();
}
