package dev.distillery.llm;

import java.util.List;

/**
 * One request for some samples of a prompt.
 *
 * @param samples the sample indices its choices are, in choice order
 * @param request the request to send, for {@code samples.size()} choices
 */
public record SampleRequest(List<Integer> samples, ChatRequest request) {
  public SampleRequest {
    samples = List.copyOf(samples);
  }
}
