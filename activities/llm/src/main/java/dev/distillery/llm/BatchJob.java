package dev.distillery.llm;

import java.util.Set;

/**
 * A batch as the Batch API reports it.
 *
 * @param id the batch id
 * @param status {@code validating}, {@code in_progress}, {@code finalizing}, {@code completed},
 *     {@code expired}, {@code failed}, {@code cancelling} or {@code cancelled}
 * @param inputFileId the uploaded requests
 * @param outputFileId the successful results, or null while there are none
 * @param errorFileId the failed or unprocessed requests, or null while there are none
 * @param total requests in the batch
 * @param completed requests answered successfully
 * @param failed requests that failed or were left unprocessed
 */
public record BatchJob(
    String id,
    String status,
    String inputFileId,
    String outputFileId,
    String errorFileId,
    int total,
    int completed,
    int failed) {

  /** The statuses after which a batch no longer changes. */
  public static final Set<String> TERMINAL_STATUSES =
      Set.of("completed", "expired", "failed", "cancelled");

  /** True once the batch has ended: completed, expired, failed or cancelled. */
  public boolean terminal() {
    return TERMINAL_STATUSES.contains(status);
  }
}
