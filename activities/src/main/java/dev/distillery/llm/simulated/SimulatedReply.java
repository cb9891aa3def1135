package dev.distillery.llm.simulated;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A response decided but not yet written.
 *
 * @param status the HTTP status
 * @param body the JSON body
 * @param retryAfter the {@code Retry-After} header value, or null for none
 */
record SimulatedReply(int status, JsonNode body, String retryAfter) {}
