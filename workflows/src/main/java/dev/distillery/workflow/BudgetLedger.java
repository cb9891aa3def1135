package dev.distillery.workflow;

import dev.distillery.recipe.Budget;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** A sweep's budgets and what has been charged against them. Plain state, deterministic. */
final class BudgetLedger {
  private final Map<String, long[]> limits = new TreeMap<>();
  private final Map<String, long[]> spent = new TreeMap<>();

  BudgetLedger(Map<String, Budget> budgets) {
    budgets.forEach((endpoint, b) -> limits.put(endpoint, new long[] {b.tokens(), b.microUsd()}));
    budgets.keySet().forEach(endpoint -> spent.put(endpoint, new long[2]));
  }

  /** Takes over limits and spending from a previous run of the sweep. */
  void restore(List<BudgetStatus> carried) {
    for (BudgetStatus b : carried) {
      if (limits.containsKey(b.endpoint())) {
        limits.put(b.endpoint(), new long[] {b.tokenLimit(), b.microUsdLimit()});
        spent.put(b.endpoint(), new long[] {b.tokensSpent(), b.microUsdSpent()});
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
    long[] used = spent.get(endpoint);
    return limit == null
        || ((limit[0] == 0 || used[0] < limit[0]) && (limit[1] == 0 || used[1] < limit[1]));
  }

  void charge(String endpoint, long tokens, long microUsd) {
    long[] used = spent.get(endpoint);
    if (used != null) {
      used[0] += tokens;
      used[1] += microUsd;
    }
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
    long[] used = spent.get(endpoint);
    return String.format(
        "%s: %d%s tokens, $%.2f%s",
        endpoint,
        used[0],
        limit[0] > 0 ? " of " + limit[0] : "",
        used[1] / 1e6,
        limit[1] > 0 ? String.format(" of $%.2f", limit[1] / 1e6) : "");
  }

  List<BudgetStatus> status() {
    List<BudgetStatus> out = new ArrayList<>();
    limits.forEach(
        (endpoint, limit) -> {
          long[] used = spent.get(endpoint);
          out.add(
              new BudgetStatus(endpoint, limit[0], used[0], limit[1], used[1], !open(endpoint)));
        });
    return out;
  }
}
