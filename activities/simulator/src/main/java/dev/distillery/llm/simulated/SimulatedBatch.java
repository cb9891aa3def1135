package dev.distillery.llm.simulated;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.distillery.json.Json;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/** One batch of the simulator's Batch API and its progress; all access is synchronized. */
final class SimulatedBatch {

  static final Set<String> TERMINAL = Set.of("completed", "expired", "failed", "cancelled");
  private static final ObjectMapper MAPPER = Json.mapper();

  private final String id;
  private final String inputFileId;
  private final String endpoint;
  private final List<JsonNode> lines;
  private final boolean mayExpire;
  private final long createdAt = now();
  private String status = "validating";
  private String outputFileId;
  private String errorFileId;
  private int completed;
  private int failed;
  private ArrayNode errors;
  private final ObjectNode times = MAPPER.createObjectNode();

  /**
   * @param lines the parsed input lines, or an empty list when validation failed
   * @param mayExpire whether {@code batchExpireRate} applies to this batch
   */
  SimulatedBatch(
      String id, String inputFileId, String endpoint, List<JsonNode> lines, boolean mayExpire) {
    this.id = id;
    this.inputFileId = inputFileId;
    this.endpoint = endpoint;
    this.lines = List.copyOf(lines);
    this.mayExpire = mayExpire;
  }

  String id() {
    return id;
  }

  List<JsonNode> lines() {
    return lines;
  }

  boolean mayExpire() {
    return mayExpire;
  }

  synchronized String status() {
    return status;
  }

  synchronized void fail(ArrayNode validationErrors) {
    errors = validationErrors;
    moveTo("failed");
  }

  /** Moves a validating batch on; false when it was cancelled meanwhile. */
  synchronized boolean start() {
    if (!"validating".equals(status)) {
      return false;
    }
    moveTo("in_progress");
    return true;
  }

  /** Asks for cancellation; false when the batch had already ended. */
  synchronized boolean cancel() {
    if (TERMINAL.contains(status) || "cancelling".equals(status)) {
      return !TERMINAL.contains(status);
    }
    moveTo("cancelling");
    return true;
  }

  synchronized void cancelled() {
    if ("cancelling".equals(status)) {
      moveTo("cancelled");
    }
  }

  /** Records the outcome of processing; false (and no change) when the batch was cancelled. */
  synchronized boolean finish(
      String finalStatus, String outputFile, String errorFile, int succeeded, int unsuccessful) {
    if (!"in_progress".equals(status)) {
      return false;
    }
    times.put("finalizing_at", now());
    outputFileId = outputFile;
    errorFileId = errorFile;
    completed = succeeded;
    failed = unsuccessful;
    moveTo(finalStatus);
    return true;
  }

  synchronized ObjectNode toJson() {
    ObjectNode json = MAPPER.createObjectNode();
    json.put("id", id);
    json.put("object", "batch");
    json.put("endpoint", endpoint);
    if (errors == null) {
      json.putNull("errors");
    } else {
      json.putObject("errors").put("object", "list").set("data", errors);
    }
    json.put("input_file_id", inputFileId);
    json.put("completion_window", "24h");
    json.put("status", status);
    json.put("output_file_id", outputFileId);
    json.put("error_file_id", errorFileId);
    json.put("created_at", createdAt);
    json.put("expires_at", createdAt + 24 * 3600);
    for (String field :
        List.of(
            "in_progress_at",
            "finalizing_at",
            "completed_at",
            "failed_at",
            "expired_at",
            "cancelling_at",
            "cancelled_at")) {
      json.set(field, times.has(field) ? times.get(field) : MAPPER.nullNode());
    }
    json.putObject("request_counts")
        .put("total", lines.size())
        .put("completed", completed)
        .put("failed", failed);
    json.putNull("metadata");
    return json;
  }

  private void moveTo(String next) {
    status = next;
    times.put(next + "_at", now());
  }

  private static long now() {
    return Instant.now().getEpochSecond();
  }
}
