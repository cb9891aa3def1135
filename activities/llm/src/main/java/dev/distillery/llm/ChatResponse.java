package dev.distillery.llm;

import java.util.List;
import java.util.Map;

/**
 * The completions for one request.
 *
 * @param choices the completions, by index
 * @param promptTokens usage reported by the endpoint
 * @param completionTokens usage reported by the endpoint
 * @param latencyMillis wall time of the successful HTTP exchange
 * @param attempts HTTP attempts made, 1 when the first succeeded
 * @param errors the failed attempts by kind ({@code http_429}, {@code http_503}, {@code timeout},
 *     {@code io}, {@code malformed}, ...)
 */
public record ChatResponse(
    List<ChatChoice> choices,
    long promptTokens,
    long completionTokens,
    long latencyMillis,
    int attempts,
    Map<String, Integer> errors) {
  public ChatResponse {
    choices = List.copyOf(choices);
    errors = errors == null ? Map.of() : Map.copyOf(errors);
  }

  /** A response without failed attempts. */
  public ChatResponse(
      List<ChatChoice> choices,
      long promptTokens,
      long completionTokens,
      long latencyMillis,
      int attempts) {
    this(choices, promptTokens, completionTokens, latencyMillis, attempts, Map.of());
  }

  /** This response with the failed attempts that preceded it. */
  public ChatResponse withErrors(Map<String, Integer> failed) {
    return new ChatResponse(
        choices, promptTokens, completionTokens, latencyMillis, attempts, failed);
  }
}
