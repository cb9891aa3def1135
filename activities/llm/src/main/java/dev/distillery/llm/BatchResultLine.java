package dev.distillery.llm;

/**
 * The outcome of one batch request, from a batch's output or error file.
 *
 * @param customId the request's key
 * @param response the completion, decoded as the online client decodes it (latency 0, 1 attempt),
 *     or null when the request failed
 * @param errorCode null on success; else the error's code, e.g. {@code batch_expired}, the code in
 *     a non-200 response body, {@code http_<status>}, or {@code malformed_response}
 * @param errorMessage null on success; else what went wrong
 */
public record BatchResultLine(
    String customId, ChatResponse response, String errorCode, String errorMessage) {

  /** True when the request was answered with a usable completion. */
  public boolean succeeded() {
    return response != null;
  }
}
