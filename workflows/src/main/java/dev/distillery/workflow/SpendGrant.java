package dev.distillery.workflow;

/**
 * The sweep's answer to a {@link SpendReport}: how far the shard's run may spend before it asks
 * again. A shard starts no request once its spend reaches a cap, so all shards together stay within
 * the budget but for the requests in flight when they reach their caps.
 *
 * @param open false when the shard must stop: the budget is used up, or what is left is reserved by
 *     other running shards
 * @param tokenCap the tokens this run may reach (its spend so far included); 0 when tokens are not
 *     limited
 * @param microUsdCap likewise for cost; 0 when cost is not limited
 * @param message for logs and the stage's details, for example what was spent of what
 */
public record SpendGrant(boolean open, long tokenCap, long microUsdCap, String message) {
  /** The grant when no budget applies. */
  public static SpendGrant unlimited() {
    return new SpendGrant(true, 0, 0, "no budget");
  }

  /** Whether a run that has spent {@code tokens} and {@code microUsd} may start a request. */
  public boolean allows(long tokens, long microUsd) {
    return open
        && (tokenCap == 0 || tokens < tokenCap)
        && (microUsdCap == 0 || microUsd < microUsdCap);
  }
}
