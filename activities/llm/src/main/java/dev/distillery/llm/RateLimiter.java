package dev.distillery.llm;

import java.time.Duration;

/**
 * Requests-per-minute and tokens-per-minute limits for one endpoint, as token buckets that refill
 * continuously and hold ten seconds' worth, plus a shared cooldown: while an endpoint's limit is
 * exhausted no request starts. One instance is shared by every client of an endpoint in a worker.
 * Thread-safe.
 *
 * <p>It also tells a transient 429 (one request turned away while the limit has room; only that
 * request waits) from a persisting one: {@link #recordResponse} reports when at least half of the
 * last {@value #WINDOW} responses, and at least {@value #PERSISTING} of them, were 429s. At 10%
 * transient 429s that happens about never; against an exhausted limit within a few responses.
 */
public final class RateLimiter {
  private static final double BURST_SECONDS = 10;

  /** Responses {@link #recordResponse} looks back over. */
  static final int WINDOW = 64;

  /** The fewest 429s in the window that count as persisting. */
  static final int PERSISTING = 8;

  private final boolean[] window = new boolean[WINDOW];
  private int windowNext;
  private int windowSize;
  private int windowLimited;

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

  /**
   * Records whether a response was a 429 and returns whether 429s persist: at least half of the
   * last {@value #WINDOW} responses (and at least {@value #PERSISTING}) were 429s.
   */
  public synchronized boolean recordResponse(boolean rateLimited) {
    if (windowSize == WINDOW) {
      windowLimited -= window[windowNext] ? 1 : 0;
    } else {
      windowSize++;
    }
    window[windowNext] = rateLimited;
    windowLimited += rateLimited ? 1 : 0;
    windowNext = (windowNext + 1) % WINDOW;
    return windowLimited >= PERSISTING && 2 * windowLimited >= windowSize;
  }

  /** No request starts before {@code pause} has passed (while a limit is exhausted). */
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
