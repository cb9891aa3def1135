package dev.distillery.stages;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The model a {@code train} stage produced: the stage's one output row, which an {@code eval} stage
 * reading it scores.
 *
 * @param trainer {@code command} or {@code openai-finetune}
 * @param model the model: a fine-tuned model id, or the path or URI a training command reported
 * @param baseUrl the endpoint that serves it as the recipe names it (fine-tuning APIs), or null
 *     when it must be served ({@code serve} in the eval stage)
 * @param apiKeyEnv the env var holding that endpoint's API key, or null
 * @param baseModel the model it was fine-tuned from
 * @param jobId the fine-tuning job, or null
 */
public record TrainedModel(
    String trainer,
    String model,
    String baseUrl,
    String apiKeyEnv,
    String baseModel,
    String jobId) {

  /** The row that records this model. */
  public ObjectNode toRow() {
    ObjectNode row = JsonNodeFactory.instance.objectNode();
    row.put("trainer", trainer).put("model", model).put("base_model", baseModel);
    if (baseUrl != null) {
      row.put("base_url", baseUrl);
    }
    if (apiKeyEnv != null) {
      row.put("api_key_env", apiKeyEnv);
    }
    if (jobId != null) {
      row.put("job_id", jobId);
    }
    return row;
  }

  /** The model a train stage's row records. */
  public static TrainedModel fromRow(JsonNode row) {
    return new TrainedModel(
        row.path("trainer").asText(),
        row.path("model").asText(),
        text(row, "base_url"),
        text(row, "api_key_env"),
        row.path("base_model").asText(),
        text(row, "job_id"));
  }

  private static String text(JsonNode row, String field) {
    return row.hasNonNull(field) ? row.get(field).asText() : null;
  }
}
