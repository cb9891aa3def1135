package dev.distillery.llm;

import java.util.List;

/**
 * The completions for one request.
 *
 * @param choices the completions, by index
 * @param promptTokens usage reported by the endpoint
 * @param completionTokens usage reported by the endpoint
 * @param latencyMillis wall time of the successful HTTP exchange
 * @param attempts HTTP attempts made, 1 when the first succeeded
 */
public record ChatResponse(
    List<ChatChoice> choices,
    long promptTokens,
    long completionTokens,
    long latencyMillis,
    int attempts) {
  public ChatResponse {
    choices = List.copyOf(choices);
  }
}
