package dev.distillery.llm.simulated;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A response decided but not yet written.
 *
 * @param status the HTTP status, or {@link #DROPPED} to close the connection without a response
 * @param body the JSON body
 * @param retryAfter the {@code Retry-After} header value, or null for none
 * @param raw when not null, sent instead of {@code body} (an injected malformed body)
 * @param stalled whether the reply was held back past the client's patience (an injected stall)
 */
record SimulatedReply(int status, JsonNode body, String retryAfter, String raw, boolean stalled) {

  /** The status of a reply that is never sent: the connection is closed instead. */
  static final int DROPPED = 0;

  SimulatedReply(int status, JsonNode body, String retryAfter) {
    this(status, body, retryAfter, null, false);
  }

  /** No response at all: the connection is closed. */
  static SimulatedReply dropped() {
    return new SimulatedReply(DROPPED, null, null, null, false);
  }

  boolean isDropped() {
    return status == DROPPED;
  }
}
