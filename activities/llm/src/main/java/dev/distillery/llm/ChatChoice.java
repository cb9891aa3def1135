package dev.distillery.llm;

/**
 * One completion.
 *
 * @param index the choice index within the response
 * @param reasoning the reasoning trace: {@code reasoning_content}, or the text inside {@code
 *     <think>...</think>}; empty when the model gave none
 * @param content the answer text with any think block removed
 * @param finishReason {@code stop}, {@code length} (truncated) or what the endpoint said
 */
public record ChatChoice(int index, String reasoning, String content, String finishReason) {
  public boolean truncated() {
    return "length".equals(finishReason);
  }
}
