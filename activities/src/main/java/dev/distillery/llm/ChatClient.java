package dev.distillery.llm;

/** Sends chat completion requests to one endpoint. Implementations are thread-safe. */
public interface ChatClient extends AutoCloseable {

  /**
   * Sends one request, retrying transient failures (429, 5xx, timeouts, resets, malformed bodies)
   * within the client's policy, and blocks until it succeeds or fails for good.
   */
  ChatResponse complete(ChatRequest request) throws LlmException, InterruptedException;

  @Override
  default void close() {}
}
