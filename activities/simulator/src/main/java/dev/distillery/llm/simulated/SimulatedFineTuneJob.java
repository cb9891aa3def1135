package dev.distillery.llm.simulated;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.distillery.json.Json;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * One job of the simulator's fine-tuning API and its progress: {@code validating_files}, then
 * {@code failed} (an invalid training file) or {@code queued}, {@code running} and {@code
 * succeeded}; {@code cancelled} whenever it is cancelled before it ends. All access is
 * synchronized.
 */
final class SimulatedFineTuneJob {

  static final Set<String> TERMINAL = Set.of("succeeded", "failed", "cancelled");

  private static final ObjectMapper MAPPER = Json.mapper();

  private final String id;
  private final String model;
  private final String trainingFile;
  private final String suffix;
  private final long seed;
  private final ObjectNode requested;
  private final ObjectNode resolved;
  private final SimulatedTrainingFile data;
  private final String invalidFile;
  private final String hash;
  private final long createdAt = now();
  private final List<ObjectNode> events = new ArrayList<>();
  private String status = "validating_files";
  private boolean running;
  private String fineTunedModel;
  private Long finishedAt;
  private Long trainedTokens;
  private ObjectNode error;

  /**
   * @param requested {@code n_epochs}, {@code batch_size} and {@code learning_rate_multiplier}:
   *     numbers, or {@code "auto"} for the simulator to choose when the job starts
   * @param data the training file's tally, or null when it is invalid
   * @param invalidFile why the training file is invalid, or null
   * @param hash a hex hash of the job's inputs, part of the fine-tuned model's id
   */
  SimulatedFineTuneJob(
      String id,
      String model,
      String trainingFile,
      String suffix,
      long seed,
      ObjectNode requested,
      SimulatedTrainingFile data,
      String invalidFile,
      String hash) {
    this.id = id;
    this.model = model;
    this.trainingFile = trainingFile;
    this.suffix = suffix;
    this.seed = seed;
    this.requested = requested;
    this.resolved = resolve(requested, data == null ? 0 : data.rows());
    this.data = data;
    this.invalidFile = invalidFile;
    this.hash = hash;
    event("info", "Created fine-tuning job: " + id + " (simulated by the distillery simulator)");
    event("info", "Validating training file: " + trainingFile);
  }

  String id() {
    return id;
  }

  /** Training steps: epochs x batches per epoch; 0 for an invalid training file. */
  int totalSteps() {
    long rows = data == null ? 0 : data.rows();
    long batch = resolved.get("batch_size").asLong();
    return (int)
        Math.min(
            Integer.MAX_VALUE, resolved.get("n_epochs").asLong() * ((rows + batch - 1) / batch));
  }

  /**
   * {@code requested} with {@code "auto"} replaced as the service would choose: 3 epochs, a batch
   * of about 0.2% of the rows (1 to 256), a learning rate multiplier of 2.
   */
  private static ObjectNode resolve(ObjectNode requested, long rows) {
    ObjectNode resolved = requested.deepCopy();
    if (!resolved.path("n_epochs").isNumber()) {
      resolved.put("n_epochs", 3);
    }
    if (!resolved.path("batch_size").isNumber()) {
      resolved.put("batch_size", Math.max(1, Math.min(256, rows / 500)));
    }
    if (!resolved.path("learning_rate_multiplier").isNumber()) {
      resolved.put("learning_rate_multiplier", 2.0);
    }
    return resolved;
  }

  /** The end of validation: {@code queued}, or {@code failed} for an invalid training file. */
  synchronized void validated() {
    if (!"validating_files".equals(status)) {
      return;
    }
    if (invalidFile != null) {
      error =
          MAPPER
              .createObjectNode()
              .put("code", "invalid_training_file")
              .put("message", invalidFile)
              .put("param", "training_file");
      finishedAt = now();
      status = "failed";
      event("error", invalidFile);
      return;
    }
    status = "queued";
    event("info", "Files validated, moving job to queued state");
  }

  /** Starts training a queued job; from now on it reports the hyperparameters it resolved. */
  synchronized void started() {
    if (!"queued".equals(status)) {
      return;
    }
    running = true;
    status = "running";
    event("info", "Fine-tuning job started");
  }

  /**
   * Reports training step {@code step}: the loss falls from about 2.2 towards a floor that is lower
   * the better the training data.
   */
  synchronized void step(int step, int total) {
    if (!"running".equals(status)) {
      return;
    }
    double floor = 1.5 * (1 - data.accuracy());
    double wobble = 0.04 * Math.sin(seed + step);
    double loss = floor + (2.2 - floor) * Math.exp(-5.0 * step / total) + wobble;
    ObjectNode event =
        event(
            "info",
            String.format(Locale.ROOT, "Step %d/%d: training loss=%.2f", step, total, loss));
    event.put("type", "metrics");
    event.putObject("data").put("step", step).put("total_steps", total).put("train_loss", loss);
  }

  /** Ends a running job with its model. */
  synchronized void succeed() {
    if (!"running".equals(status)) {
      return;
    }
    fineTunedModel = SimulatedFineTunedModel.id(model, suffix, data.accuracy(), hash);
    trainedTokens = data.tokens() * resolved.get("n_epochs").asLong();
    finishedAt = now();
    status = "succeeded";
    event("info", "New fine-tuned model created: " + fineTunedModel);
    event("info", "The job has successfully completed");
  }

  /** Cancels the job; false when it had already ended. */
  synchronized boolean cancel() {
    if (TERMINAL.contains(status)) {
      return false;
    }
    status = "cancelled";
    event("info", "Fine-tuning job cancelled");
    return true;
  }

  synchronized String status() {
    return status;
  }

  synchronized ObjectNode toJson() {
    ObjectNode json = MAPPER.createObjectNode();
    json.put("object", "fine_tuning.job");
    json.put("id", id);
    json.put("model", model);
    json.put("created_at", createdAt);
    putNullable(json, "finished_at", finishedAt);
    json.put("fine_tuned_model", fineTunedModel);
    json.put("organization_id", SimulatedLlmServer.FINGERPRINT);
    json.putArray("result_files");
    json.put("status", status);
    json.putNull("validation_file");
    json.put("training_file", trainingFile);
    ObjectNode hyperparameters = running ? resolved : requested;
    json.set("hyperparameters", hyperparameters.deepCopy());
    putNullable(json, "trained_tokens", trainedTokens);
    json.set("error", error == null ? MAPPER.nullNode() : error.deepCopy());
    json.put("user_provided_suffix", suffix);
    json.put("seed", seed);
    json.putNull("estimated_finish");
    json.putArray("integrations");
    json.putNull("metadata");
    ObjectNode method = json.putObject("method").put("type", "supervised");
    method.putObject("supervised").set("hyperparameters", hyperparameters.deepCopy());
    return json;
  }

  /** The latest {@code limit} events, newest first, as {@code GET .../events} lists them. */
  synchronized ObjectNode eventsJson(int limit) {
    ObjectNode json = MAPPER.createObjectNode();
    json.put("object", "list");
    ArrayNode list = json.putArray("data");
    for (int i = events.size() - 1; i >= 0 && list.size() < limit; i--) {
      list.add(events.get(i).deepCopy());
    }
    json.put("has_more", events.size() > limit);
    return json;
  }

  private ObjectNode event(String level, String message) {
    ObjectNode event = MAPPER.createObjectNode();
    event.put("object", "fine_tuning.job.event");
    event.put("id", id.replace("ftjob-", "ftevent-") + "-" + events.size());
    event.put("created_at", now());
    event.put("level", level);
    event.put("message", message);
    event.putNull("data");
    event.put("type", "message");
    events.add(event);
    return event;
  }

  private static void putNullable(ObjectNode json, String field, Long value) {
    if (value == null) {
      json.putNull(field);
    } else {
      json.put(field, value);
    }
  }

  private static long now() {
    return Instant.now().getEpochSecond();
  }
}
