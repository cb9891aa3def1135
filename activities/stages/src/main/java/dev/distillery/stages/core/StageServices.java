package dev.distillery.stages.core;

import dev.distillery.llm.CompletionBroker;
import java.util.Map;

/**
 * The services stages use, wired once by the worker.
 *
 * @param files opens source files by path or URI
 * @param chatClients creates LLM clients
 * @param completions the worker's completion store, so no completion is paid for twice
 * @param environment the worker's environment variables (API keys are read from here by name)
 */
public record StageServices(
    SourceFiles files,
    ChatClients chatClients,
    CompletionBroker completions,
    Map<String, String> environment) {
  public StageServices {
    environment = Map.copyOf(environment);
  }
}
