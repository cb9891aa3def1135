package dev.distillery.llm;

/**
 * One sampled answer to one prompt, as kept in the completion store.
 *
 * @param sample the sample index within its prompt (0-based)
 * @param reasoning the reasoning trace, may be empty
 * @param content the answer
 * @param finishReason {@code stop}, {@code length} (truncated) or what the endpoint said
 * @param promptTokens the request's prompt tokens, divided among the samples it returned
 * @param completionTokens the request's completion tokens, divided among its samples
 * @param latencyMillis the request's latency
 * @param cached whether it came from the store instead of the endpoint (not stored)
 */
public record Completion(
    int sample,
    String reasoning,
    String content,
    String finishReason,
    long promptTokens,
    long completionTokens,
    long latencyMillis,
    boolean cached) {

  public Completion asCached() {
    return new Completion(
        sample,
        reasoning,
        content,
        finishReason,
        promptTokens,
        completionTokens,
        latencyMillis,
        true);
  }
}
