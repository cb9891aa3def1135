package dev.distillery.llm;

import java.util.List;

/**
 * An OpenAI-compatible chat completion request.
 *
 * @param model the model name sent to the endpoint
 * @param messages the conversation
 * @param n completions wanted
 * @param temperature sampling temperature
 * @param maxTokens the completion token limit
 * @param seed a sampling seed, or null to let the endpoint choose
 * @param topP nucleus sampling mass, or null for the endpoint's default
 * @param stop stop sequences (empty for none)
 */
public record ChatRequest(
    String model,
    List<ChatMessage> messages,
    int n,
    double temperature,
    int maxTokens,
    Long seed,
    Double topP,
    List<String> stop) {
  public ChatRequest {
    messages = List.copyOf(messages);
    stop = stop == null ? List.of() : List.copyOf(stop);
  }

  /** A request without top_p or stop sequences. */
  public ChatRequest(
      String model,
      List<ChatMessage> messages,
      int n,
      double temperature,
      int maxTokens,
      Long seed) {
    this(model, messages, n, temperature, maxTokens, seed, null, List.of());
  }

  /** The same request for {@code count} completions. */
  public ChatRequest withN(int count) {
    return new ChatRequest(model, messages, count, temperature, maxTokens, seed, topP, stop);
  }

  /** The same request with another seed. */
  public ChatRequest withSeed(Long newSeed) {
    return new ChatRequest(model, messages, n, temperature, maxTokens, newSeed, topP, stop);
  }
}
