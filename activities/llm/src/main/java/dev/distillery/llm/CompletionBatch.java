package dev.distillery.llm;

import java.util.List;
import java.util.Map;

/**
 * The samples of one prompt, and what it cost to get them.
 *
 * @param completions samples 0..n-1, in order
 * @param requests HTTP requests this call sent (0 when every sample was stored or in flight)
 * @param retries retried HTTP attempts among them
 * @param promptTokens prompt tokens of the requests sent
 * @param completionTokens completion tokens of the requests sent
 * @param errors failed attempts by kind among the requests sent
 */
public record CompletionBatch(
    List<Completion> completions,
    int requests,
    int retries,
    long promptTokens,
    long completionTokens,
    Map<String, Integer> errors) {
  public CompletionBatch {
    completions = List.copyOf(completions);
    errors = errors == null ? Map.of() : Map.copyOf(errors);
  }

  public long reused() {
    return completions.stream().filter(Completion::cached).count();
  }
}
