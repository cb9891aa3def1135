package dev.distillery.llm.simulated;

/**
 * One simulated completion, before it is written as JSON.
 *
 * @param reasoning the reasoning trace, possibly truncated
 * @param content the answer text, possibly truncated; null when {@code max_tokens} ended inside the
 *     reasoning, as vLLM with a reasoning parser sends it
 * @param finishReason {@code stop} or {@code length}
 * @param completionTokens the words of reasoning and content served
 */
record SimulatedChoice(
    String reasoning, String content, String finishReason, int completionTokens) {}
