package dev.distillery.llm;

import java.time.Duration;

/**
 * Requests-per-minute and tokens-per-minute limits for one endpoint, as token buckets that refill
 * continuously and hold ten seconds' worth, plus a shared cooldown: after a 429 no request starts
 * until the endpoint's {@code Retry-After} (or the backoff) has passed. One instance is shared by
 * every client of an endpoint in a worker. Thread-safe.
 */
public final class RateLimiter {
  private static final double BURST_SECONDS = 10;

  private final double requestsPerSecond;
  private final double tokensPerSecond;
  private final double requestCapacity;
  private final double tokenCapacity;
  private double requests;
  private double tokens;
  private long refilledAt = System.nanoTime();
  private long coolUntil = System.nanoTime();

  /**
   * @param requestsPerMinute 0 for no request limit
   * @param tokensPerMinute 0 for no token limit
   */
  public RateLimiter(long requestsPerMinute, long tokensPerMinute) {
    this.requestsPerSecond = requestsPerMinute / 60.0;
    this.tokensPerSecond = tokensPerMinute / 60.0;
    this.requestCapacity = Math.max(1, requestsPerSecond * BURST_SECONDS);
    this.tokenCapacity = Math.max(1, tokensPerSecond * BURST_SECONDS);
    this.requests = requestCapacity;
    this.tokens = tokenCapacity;
  }

  public static RateLimiter unlimited() {
    return new RateLimiter(0, 0);
  }

  /**
   * Blocks until one request with about {@code estimatedTokens} tokens may start. A request larger
   * than the bucket waits for a full bucket rather than forever.
   */
  public void acquire(long estimatedTokens) throws InterruptedException {
    while (true) {
      long waitNanos;
      synchronized (this) {
        long now = System.nanoTime();
        refill(now);
        double needTokens = Math.min(estimatedTokens, tokenCapacity);
        boolean requestOk = requestsPerSecond <= 0 || requests >= 1;
        boolean tokensOk = tokensPerSecond <= 0 || tokens >= needTokens;
        if (now >= coolUntil && requestOk && tokensOk) {
          if (requestsPerSecond > 0) {
            requests -= 1;
          }
          if (tokensPerSecond > 0) {
            tokens -= needTokens;
          }
          return;
        }
        waitNanos = Math.max(0, coolUntil - now);
        if (!requestOk) {
          waitNanos = Math.max(waitNanos, (long) ((1 - requests) / requestsPerSecond * 1e9));
        }
        if (!tokensOk) {
          waitNanos = Math.max(waitNanos, (long) ((needTokens - tokens) / tokensPerSecond * 1e9));
        }
      }
      Thread.sleep(Math.max(1, waitNanos / 1_000_000));
    }
  }

  /** Corrects the token bucket once the real usage of a request is known. */
  public synchronized void settle(long estimatedTokens, long actualTokens) {
    if (tokensPerSecond > 0) {
      tokens =
          Math.min(tokenCapacity, tokens + Math.min(estimatedTokens, tokenCapacity) - actualTokens);
    }
  }

  /** No request starts before {@code pause} has passed (after a 429). */
  public synchronized void coolDown(Duration pause) {
    coolUntil = Math.max(coolUntil, System.nanoTime() + pause.toNanos());
  }

  private void refill(long now) {
    double seconds = (now - refilledAt) / 1e9;
    refilledAt = now;
    requests = Math.min(requestCapacity, requests + seconds * requestsPerSecond);
    tokens = Math.min(tokenCapacity, tokens + seconds * tokensPerSecond);
  }
}
