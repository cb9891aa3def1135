package dev.distillery.llm;

/** Sends chat completion requests to one endpoint. Implementations are thread-safe. */
public interface ChatClient extends AutoCloseable {

  /**
   * Sends one request, retrying transient failures (429, 5xx, timeouts, resets, malformed bodies)
   * within the client's policy, and blocks until it succeeds or fails for good.
   */
  ChatResponse complete(ChatRequest request) throws LlmException, InterruptedException;

  /**
   * Requests of this client now waiting out a 429's Retry-After or a backoff before their next
   * attempt: callers blocked in {@link #complete} that hold no connection, so a caller pool may run
   * others meanwhile. 0 unless the implementation knows.
   */
  default int waitingToRetry() {
    return 0;
  }

  @Override
  default void close() {}
}
