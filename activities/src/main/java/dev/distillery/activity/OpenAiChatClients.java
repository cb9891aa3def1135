package dev.distillery.activity;

import dev.distillery.llm.ChatClient;
import dev.distillery.llm.EndpointConfig;
import dev.distillery.llm.OpenAiChatClient;
import dev.distillery.stages.ChatClients;
import dev.distillery.stages.StageUserException;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;

/**
 * Creates {@link OpenAiChatClient}s. A base URL starting with {@code simulated://} names the local
 * simulated endpoint, so a recipe's content address does not depend on the port the simulator
 * happens to listen on.
 */
public final class OpenAiChatClients implements ChatClients {
  /** Supplies the simulator's base URL, starting it if needed. */
  @FunctionalInterface
  public interface SimulatorLocator {
    URI baseUrl() throws IOException;
  }

  private final SimulatorLocator simulator;

  public OpenAiChatClients(SimulatorLocator simulator) {
    this.simulator = simulator;
  }

  @Override
  public ChatClient create(
      String baseUrl,
      String apiKey,
      String apiKeyEnv,
      int concurrency,
      int maxRetries,
      int timeoutSeconds)
      throws StageUserException {
    String resolved = baseUrl;
    if (baseUrl.startsWith("simulated://")) {
      try {
        resolved = simulator.baseUrl().toString();
      } catch (IOException e) {
        throw new StageUserException("cannot start the simulated LLM endpoint: " + e.getMessage());
      }
    } else if (!baseUrl.startsWith("http://") && !baseUrl.startsWith("https://")) {
      throw new StageUserException(
          "teacher base_url '" + baseUrl + "' must start with http://, https:// or simulated://");
    }
    return new OpenAiChatClient(
        new EndpointConfig(
            URI.create(resolved),
            apiKey,
            apiKeyEnv,
            concurrency,
            maxRetries,
            Duration.ofSeconds(timeoutSeconds),
            EndpointConfig.DEFAULT_BACKOFF_BASE));
  }
}
