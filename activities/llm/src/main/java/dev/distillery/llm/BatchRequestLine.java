package dev.distillery.llm;

import java.util.Objects;

/**
 * One request of a batch input file.
 *
 * @param customId the caller's key for the request, unique within a batch; results carry it back
 * @param request the chat-completions request
 */
public record BatchRequestLine(String customId, ChatRequest request) {
  public BatchRequestLine {
    if (customId == null || customId.isBlank()) {
      throw new IllegalArgumentException("customId must not be blank");
    }
    Objects.requireNonNull(request, "request");
  }
}
