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
 */
public record ChatRequest(
    String model, List<ChatMessage> messages, int n, double temperature, int maxTokens, Long seed) {
  public ChatRequest {
    messages = List.copyOf(messages);
  }
}
