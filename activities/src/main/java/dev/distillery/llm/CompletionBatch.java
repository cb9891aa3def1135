package dev.distillery.llm;

import java.util.List;

/**
 * The samples of one prompt, and what it cost to get them.
 *
 * @param completions samples 0..n-1, in order
 * @param requests HTTP requests this call sent (0 when every sample was stored or in flight)
 * @param retries retried HTTP attempts among them
 * @param promptTokens prompt tokens of the requests sent
 * @param completionTokens completion tokens of the requests sent
 */
public record CompletionBatch(
    List<Completion> completions,
    int requests,
    int retries,
    long promptTokens,
    long completionTokens) {
  public CompletionBatch {
    completions = List.copyOf(completions);
  }

  public long reused() {
    return completions.stream().filter(Completion::cached).count();
  }
}
