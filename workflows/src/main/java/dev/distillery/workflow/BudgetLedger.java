package dev.distillery.workflow;

import dev.distillery.recipe.Budget;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A sweep's budgets and what has been spent against them. Plain state, deterministic.
 *
 * <p>Spend has two parts. <i>Settled</i> spend is charged when a shard finishes ({@link #settle}),
 * from its record. <i>Provisional</i> spend is what running shards report while they run ({@link
 * #grant}); each report is answered with a cap the shard's run may spend up to before it asks
 * again. A cap reserves part of what is left: a quarter of what neither settled spend nor the other
 * running shards hold, so all caps together never exceed the budget, and a shard stops within its
 * cap but for the requests it has in flight.
 */
final class BudgetLedger {
  /** The share of the unreserved budget one grant takes. */
  private static final int GRANT_SHARE = 4;

  private final Map<String, long[]> limits = new TreeMap<>();
  private final Map<String, long[]> settled = new TreeMap<>();
  private final Map<String, ShardRun> runs = new TreeMap<>();
  private final Set<String> starved = new TreeSet<>();

  /** One running shard's provisional spend and cap, per dimension (tokens, micro-dollars). */
  private static final class ShardRun {
    final String stage;
    final String endpoint;
    final String attempt;
    final long[] reported = new long[2];
    final long[] cap = new long[2];

    ShardRun(String stage, String endpoint, String attempt) {
      this.stage = stage;
      this.endpoint = endpoint;
      this.attempt = attempt;
    }
  }

  BudgetLedger(Map<String, Budget> budgets) {
    budgets.forEach((endpoint, b) -> limits.put(endpoint, new long[] {b.tokens(), b.microUsd()}));
    budgets.keySet().forEach(endpoint -> settled.put(endpoint, new long[2]));
  }

  /** Takes over limits and spending from a previous run of the sweep. */
  void restore(List<BudgetStatus> carried) {
    for (BudgetStatus b : carried) {
      if (limits.containsKey(b.endpoint())) {
        limits.put(b.endpoint(), new long[] {b.tokenLimit(), b.microUsdLimit()});
        settled.put(b.endpoint(), new long[] {b.tokensSpent(), b.microUsdSpent()});
      }
    }
  }

  boolean has(String endpoint) {
    return limits.containsKey(endpoint);
  }

  /** The endpoint a raise without one refers to: the only budgeted one, or null. */
  String only() {
    return limits.size() == 1 ? limits.keySet().iterator().next() : null;
  }

  boolean open(String endpoint) {
    long[] limit = limits.get(endpoint);
    if (limit == null) {
      return true;
    }
    long[] used = spent(endpoint);
    return (limit[0] == 0 || used[0] < limit[0]) && (limit[1] == 0 || used[1] < limit[1]);
  }

  /** Settled plus provisional spend. */
  private long[] spent(String endpoint) {
    long[] used = settled.get(endpoint).clone();
    for (ShardRun run : runs.values()) {
      if (run.endpoint.equals(endpoint)) {
        used[0] += run.reported[0];
        used[1] += run.reported[1];
      }
    }
    return used;
  }

  /**
   * Records a running shard's spend and answers with how far it may go. A report from a new run of
   * a shard replaces the old run's: the new run's figures start from the shard's checkpoint, which
   * holds what the old run finished.
   */
  SpendGrant grant(SpendReport report) {
    String endpoint = report.endpoint();
    long[] limit = limits.get(endpoint);
    if (limit == null) {
      return SpendGrant.unlimited();
    }
    String key = key(report.stageWorkflowId(), report.shard());
    ShardRun run = runs.get(key);
    if (run == null || !run.attempt.equals(report.attempt())) {
      run = new ShardRun(report.stageWorkflowId(), endpoint, report.attempt());
      runs.put(key, run);
    }
    run.reported[0] = Math.max(run.reported[0], report.tokens());
    run.reported[1] = Math.max(run.reported[1], report.microUsd());
    run.cap[0] = run.reported[0];
    run.cap[1] = run.reported[1];
    if (report.last()) {
      return new SpendGrant(false, run.cap[0], run.cap[1], "stopped: " + describe(endpoint));
    }
    if (!open(endpoint)) {
      return new SpendGrant(false, run.cap[0], run.cap[1], usedUp(endpoint));
    }
    long[] free = limit.clone();
    long[] done = settled.get(endpoint);
    for (int d = 0; d < 2; d++) {
      free[d] -= done[d] + run.reported[d];
    }
    int others = 0;
    for (ShardRun other : runs.values()) {
      if (other != run && other.endpoint.equals(endpoint)) {
        others++;
        for (int d = 0; d < 2; d++) {
          free[d] -= Math.max(other.cap[d], other.reported[d]);
        }
      }
    }
    long[] cap = new long[2];
    for (int d = 0; d < 2; d++) {
      if (limit[d] == 0) {
        continue;
      }
      if (free[d] <= 0) {
        starved.add(report.stageWorkflowId());
        return new SpendGrant(
            false,
            run.cap[0],
            run.cap[1],
            "waiting for budget room: "
                + others
                + " running shard(s) hold what is left of "
                + describe(endpoint));
      }
      cap[d] = run.reported[d] + Math.max(1, free[d] / GRANT_SHARE);
    }
    run.cap[0] = cap[0];
    run.cap[1] = cap[1];
    return new SpendGrant(true, cap[0], cap[1], "budget open: " + describe(endpoint));
  }

  /**
   * Charges a finished shard: its record's spend replaces its provisional spend, whichever is
   * larger (a run may have paid for requests in flight that the record does not show).
   */
  void settle(BudgetCharge charge) {
    long[] used = settled.get(charge.endpoint());
    if (used == null) {
      return;
    }
    long tokens = charge.tokens();
    long microUsd = charge.microUsd();
    ShardRun run =
        charge.shard() == null ? null : runs.remove(key(charge.stageWorkflowId(), charge.shard()));
    if (run != null) {
      tokens = Math.max(tokens, run.reported[0]);
      microUsd = Math.max(microUsd, run.reported[1]);
    }
    used[0] += tokens;
    used[1] += microUsd;
  }

  /** A stage ended without finishing its shards: what they reported stays spent. */
  void release(String stageWorkflowId) {
    for (Iterator<ShardRun> it = runs.values().iterator(); it.hasNext(); ) {
      ShardRun run = it.next();
      if (run.stage.equals(stageWorkflowId)) {
        long[] used = settled.get(run.endpoint);
        used[0] += run.reported[0];
        used[1] += run.reported[1];
        it.remove();
      }
    }
  }

  /** Stages refused a grant while the budget was open, to tell when room appears; clears them. */
  List<String> takeStarved() {
    List<String> out = new ArrayList<>(starved);
    starved.clear();
    return out;
  }

  void raise(String endpoint, long tokens, long microUsd) {
    long[] limit = limits.get(endpoint);
    if (limit != null) {
      // A raise of a dimension without a limit would impose one; only raise set limits.
      limit[0] += limit[0] > 0 ? tokens : 0;
      limit[1] += limit[1] > 0 ? microUsd : 0;
    }
  }

  String describe(String endpoint) {
    long[] limit = limits.get(endpoint);
    long[] used = spent(endpoint);
    return String.format(
        "%s: %d%s tokens, $%.2f%s",
        endpoint,
        used[0],
        limit[0] > 0 ? " of " + limit[0] : "",
        used[1] / 1e6,
        limit[1] > 0 ? String.format(" of $%.2f", limit[1] / 1e6) : "");
  }

  private String usedUp(String endpoint) {
    return "budget used up: " + describe(endpoint);
  }

  List<BudgetStatus> status() {
    List<BudgetStatus> out = new ArrayList<>();
    limits.forEach(
        (endpoint, limit) -> {
          long[] used = spent(endpoint);
          out.add(
              new BudgetStatus(endpoint, limit[0], used[0], limit[1], used[1], !open(endpoint)));
        });
    return out;
  }

  private static String key(String stageWorkflowId, String shard) {
    return stageWorkflowId + " " + shard;
  }
}
