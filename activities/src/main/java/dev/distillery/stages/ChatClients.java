package dev.distillery.stages;

import dev.distillery.llm.ChatClient;

/** Creates chat clients for the endpoints recipes name. */
public interface ChatClients {
  /**
   * A client for {@code baseUrl} ({@code simulated://...} means the local simulator).
   *
   * @param apiKey the key, already read from the environment, or null
   * @param apiKeyEnv the name of the variable it came from, for error messages, or null
   */
  ChatClient create(
      String baseUrl,
      String apiKey,
      String apiKeyEnv,
      int concurrency,
      int maxRetries,
      int timeoutSeconds)
      throws StageUserException;
}
