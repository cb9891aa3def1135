package dev.distillery.activity;

import dev.distillery.stages.core.SpendGate;
import dev.distillery.workflow.SpendGrant;
import dev.distillery.workflow.SpendReport;

/**
 * A running shard's view of its sweep's budget: it admits requests while the shard's spend is below
 * the cap the sweep last granted, and asks for a new grant when the cap is reached. Once the sweep
 * says no, it admits nothing more. Thread-safe.
 */
final class SweepBudget implements SpendGate {
  private final ShardMessages messages;
  private final String sweepWorkflowId;
  private final String stageWorkflowId;
  private final String endpoint;
  private final String shard;
  private final String attempt;
  private long tokens;
  private long microUsd;
  private SpendGrant grant;
  private boolean asked;

  /**
   * @param tokens the shard's spend when this run started (its checkpoint's counters)
   * @param microUsd likewise
   */
  SweepBudget(
      ShardMessages messages,
      String sweepWorkflowId,
      String stageWorkflowId,
      String endpoint,
      String shard,
      String attempt,
      long tokens,
      long microUsd) {
    this.messages = messages;
    this.sweepWorkflowId = sweepWorkflowId;
    this.stageWorkflowId = stageWorkflowId;
    this.endpoint = endpoint;
    this.shard = shard;
    this.attempt = attempt;
    this.tokens = tokens;
    this.microUsd = microUsd;
  }

  @Override
  public synchronized boolean admit() {
    if (grant != null && !grant.open()) {
      return false;
    }
    if (grant == null || !grant.allows(tokens, microUsd)) {
      grant = messages.reportSpend(sweepWorkflowId, report(false));
      asked = true;
    }
    return grant.allows(tokens, microUsd);
  }

  @Override
  public synchronized void spent(long requestTokens, long requestMicroUsd) {
    tokens += requestTokens;
    microUsd += requestMicroUsd;
  }

  /**
   * At a checkpoint: closes the gate when the sweep says its budget is used up, whatever room the
   * last grant left (other shards' requests in flight may have used it).
   */
  synchronized void checkpoint() {
    if (asked && grant.open() && !messages.budgetOpen(sweepWorkflowId, endpoint)) {
      grant =
          new SpendGrant(
              false, tokens, microUsd, "the sweep's budget for " + endpoint + " is used up");
    }
  }

  /** The grant's message when the gate is closed, else null. */
  synchronized String closedBecause() {
    return grant != null && !grant.allows(tokens, microUsd) ? grant.message() : null;
  }

  /** Tells the sweep this run stopped, with its final spend, if it ever asked for a grant. */
  synchronized void finish() {
    if (asked) {
      messages.reportSpend(sweepWorkflowId, report(true));
    }
  }

  private SpendReport report(boolean last) {
    return new SpendReport(stageWorkflowId, endpoint, shard, attempt, tokens, microUsd, last);
  }
}
