package dev.distillery.stages.core;

import dev.distillery.llm.ChatClient;
import dev.distillery.llm.EndpointConfig;
import dev.distillery.llm.OpenAiBatchClient;
import dev.distillery.llm.OpenAiChatClient;
import dev.distillery.llm.OpenAiEmbeddingClient;
import dev.distillery.llm.OpenAiFineTuneClient;
import dev.distillery.llm.RateLimiter;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

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
  private final Map<String, RateLimiter> limiters = new ConcurrentHashMap<>();

  public OpenAiChatClients(SimulatorLocator simulator) {
    this.simulator = simulator;
  }

  @Override
  public ChatClient create(EndpointSpec spec) throws StageUserException {
    RateLimiter limiter =
        limiters.computeIfAbsent(
            spec.baseUrl() + " " + spec.requestsPerMinute() + " " + spec.tokensPerMinute(),
            k -> new RateLimiter(spec.requestsPerMinute(), spec.tokensPerMinute()));
    return new OpenAiChatClient(config(spec), limiter);
  }

  @Override
  public OpenAiEmbeddingClient embeddings(EndpointSpec spec) throws StageUserException {
    return new OpenAiEmbeddingClient(config(spec));
  }

  @Override
  public OpenAiBatchClient batch(EndpointSpec spec) throws StageUserException {
    return new OpenAiBatchClient(config(spec));
  }

  @Override
  public OpenAiFineTuneClient fineTuning(EndpointSpec spec) throws StageUserException {
    return new OpenAiFineTuneClient(config(spec));
  }

  private EndpointConfig config(EndpointSpec spec) throws StageUserException {
    String resolved = spec.baseUrl();
    if (spec.baseUrl().startsWith("simulated://")) {
      try {
        resolved = simulator.baseUrl().toString();
      } catch (IOException e) {
        throw new StageUserException("cannot start the simulated LLM endpoint: " + e.getMessage());
      }
    } else if (!spec.baseUrl().startsWith("http://") && !spec.baseUrl().startsWith("https://")) {
      throw new StageUserException(
          "teacher base_url '"
              + spec.baseUrl()
              + "' must start with http://, https:// or simulated://");
    }
    return new EndpointConfig(
        URI.create(resolved),
        spec.apiKey(),
        spec.apiKeyEnv(),
        spec.concurrency(),
        spec.maxRetries(),
        Duration.ofSeconds(spec.timeoutSeconds()),
        EndpointConfig.DEFAULT_BACKOFF_BASE);
  }
}
