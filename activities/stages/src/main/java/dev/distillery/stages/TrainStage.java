package dev.distillery.stages;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.distillery.stages.core.Input;
import dev.distillery.stages.core.Rows;
import dev.distillery.stages.core.Stage;
import dev.distillery.stages.core.StageContext;
import dev.distillery.training.CommandTrainer;
import dev.distillery.training.LlamaFactoryConfig;
import dev.distillery.training.TrainPreset;
import dev.distillery.training.TrainPresets;
import dev.distillery.training.TrainingCommand;
import dev.distillery.training.TrainingOutcome;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.Map;

/**
 * A {@code train} stage with {@code trainer: command}: writes the export as a LLaMA-Factory dataset
 * and a training config from the study's preset, runs the configured command on this (GPU) worker,
 * streams its log to the store while it runs and heartbeats with its last progress line. Its folder
 * under {@code work_dir} is a function of the stage's params and input, so a retry finds the
 * checkpoints of the attempt before and resumes from the newest ({@code resume_flag}). Its one
 * output row names the model ({@link TrainedModel}).
 *
 * <p>The {@code openai-finetune} trainer is not a {@link Stage}: its workflow polls the job between
 * durable timers (see {@code FineTuneActivitiesImpl}).
 */
public final class TrainStage implements Stage {
  static final String KIND = "train";

  /** The training command's log, in the stage's files. */
  public static final String LOG = "train.log";

  private static final Duration LOG_UPLOAD_EVERY = Duration.ofSeconds(30);

  private final Path defaultWorkDir;

  /**
   * @param defaultWorkDir where stages without {@code work_dir} keep their folders
   */
  public TrainStage(Path defaultWorkDir) {
    this.defaultWorkDir = defaultWorkDir;
  }

  @Override
  public void run(StageContext context) throws Exception {
    ObjectNode p = context.params();
    if (!"command".equals(p.path("trainer").asText())) {
      throw context.userError(
          KIND,
          "trainer "
              + p.path("trainer").asText()
              + " runs through its stage workflow, not as one activity; this worker is older"
              + " than its client");
    }
    TrainPreset preset =
        TrainPresets.find(p.get("preset").asText())
            .orElseThrow(
                () ->
                    context.userError(
                        KIND,
                        "unknown preset '"
                            + p.get("preset").asText()
                            + "'; presets: "
                            + String.join(", ", TrainPresets.names())));
    Input export = context.inputs().get(0);
    Path folder = folder(p, export);
    Path output = folder.resolve("output");
    String dataset = "distillery";
    // The folder is LLaMA-Factory's dataset_dir: the rows and dataset_info.json sit beside
    // train.yaml.
    long rows = writeDataset(context, export, folder.resolve(dataset + ".jsonl"));
    if (rows == 0) {
      throw context.userError(
          KIND, "its input export has no rows, so there is nothing to train on");
    }
    context.out().countIn(rows);
    ObjectNode config;
    try {
      config =
          LlamaFactoryConfig.config(
              preset,
              p.get("base_model").asText(),
              dataset,
              folder,
              output,
              p.get("gpus").asInt(),
              overrides(p));
    } catch (IllegalArgumentException e) {
      throw context.userError(KIND, e.getMessage());
    }
    LlamaFactoryConfig.write(
        folder, config, LlamaFactoryConfig.datasetInfo(dataset, dataset + ".jsonl"));
    context
        .files()
        .writeFile(LlamaFactoryConfig.CONFIG_FILE, folder.resolve(LlamaFactoryConfig.CONFIG_FILE));
    Path log = folder.resolve(LOG);
    TrainingOutcome outcome;
    try (BufferedWriter logWriter =
        Files.newBufferedWriter(
            log,
            StandardCharsets.UTF_8,
            java.nio.file.StandardOpenOption.CREATE,
            java.nio.file.StandardOpenOption.APPEND)) {
      long[] uploadedAt = {System.nanoTime()};
      String[] lastProgress = {null};
      outcome =
          new CommandTrainer()
              .run(
                  new TrainingCommand(
                      p.get("command").asText(),
                      p.get("resume_flag").asText(),
                      output,
                      context.services().environment(),
                      Duration.ofSeconds(30)),
                  folder,
                  line -> {
                    try {
                      logWriter.write(line);
                      logWriter.newLine();
                      if (CommandTrainer.isProgress(line)) {
                        lastProgress[0] = line;
                      }
                      // Every line is a heartbeat; it carries the last progress line seen.
                      context.progress().note(lastProgress[0] == null ? line : lastProgress[0]);
                      // On disk at once: a killed worker's lines open the retry's log.
                      logWriter.flush();
                      if (System.nanoTime() - uploadedAt[0] > LOG_UPLOAD_EVERY.toNanos()) {
                        context.files().writeFile(LOG, log);
                        uploadedAt[0] = System.nanoTime();
                      }
                    } catch (IOException e) {
                      throw new UncheckedIOException(e);
                    }
                  });
    }
    context.files().writeFile(LOG, log);
    if (outcome.exitCode() != 0) {
      throw new TrainingFailedException(
          "train stage '"
              + context.stageId()
              + "': the training command exited with "
              + outcome.exitCode()
              + "; a retry resumes from its last checkpoint. Last lines of its log ("
              + log
              + "):\n"
              + String.join("\n", outcome.logTail()));
    }
    if (outcome.modelLocation() == null) {
      throw context.userError(
          KIND,
          "the training command finished but named no model: it printed no DISTILL_MODEL=<path"
              + " or URI> line and left no model (config.json) in "
              + output
              + ". Make the command print where it saved the model.");
    }
    TrainedModel model =
        new TrainedModel(
            "command", outcome.modelLocation(), null, null, p.get("base_model").asText(), null);
    ObjectNode row = model.toRow();
    if (outcome.resumedFrom() != null) {
      row.put("resumed_from", outcome.resumedFrom());
    }
    context.out().write(row);
  }

  /**
   * The stage's own folder: named after the hash of its params (without the tuning ones) and its
   * input's address, so every attempt of this stage finds it, and no other stage shares it.
   */
  private Path folder(ObjectNode p, Input export) throws IOException {
    Path root = p.hasNonNull("work_dir") ? Path.of(p.get("work_dir").asText()) : defaultWorkDir;
    ObjectNode identity = p.deepCopy();
    identity.remove("work_dir");
    identity.remove("poll_seconds");
    MessageDigest sha = sha256();
    sha.update(Rows.JSON.writeValueAsBytes(identity));
    sha.update(export.address().getBytes(StandardCharsets.UTF_8));
    Path folder = root.resolve("train-" + HexFormat.of().formatHex(sha.digest()).substring(0, 20));
    Files.createDirectories(folder);
    return folder;
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Writes the export's rows as ShareGPT {@code conversations} (what LLaMA-Factory reads). */
  private static long writeDataset(StageContext context, Input export, Path file) throws Exception {
    long[] rows = {0};
    try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      export.forEach(
          row -> {
            ObjectNode line = JsonNodeFactory.instance.objectNode();
            if (row.path("conversations").isArray()) {
              line.set("conversations", row.get("conversations"));
              if (row.hasNonNull("system")) {
                line.set("system", row.get("system"));
              }
            } else if (row.path("messages").isArray()) {
              ArrayNode turns = line.putArray("conversations");
              for (JsonNode message : row.get("messages")) {
                String role = message.path("role").asText();
                if ("system".equals(role)) {
                  line.put("system", message.path("content").asText());
                } else {
                  turns
                      .addObject()
                      .put("from", "assistant".equals(role) ? "gpt" : "human")
                      .put("value", message.path("content").asText());
                }
              }
            } else {
              throw context.userError(
                  KIND,
                  "its input rows have neither `conversations` nor `messages`; train on an"
                      + " export stage's output");
            }
            out.write(Rows.JSON.writeValueAsString(line));
            out.newLine();
            rows[0]++;
          });
    }
    return rows[0];
  }

  /** {@code overrides} with each value read as YAML would: numbers, booleans and null. */
  private static ObjectNode overrides(ObjectNode p) {
    ObjectNode out = JsonNodeFactory.instance.objectNode();
    JsonNode given = p.path("overrides");
    for (Iterator<Map.Entry<String, JsonNode>> it = given.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      JsonNode v = e.getValue();
      String text = v.asText();
      if (v.isNull() || "null".equals(text) || "~".equals(text)) {
        out.putNull(e.getKey());
      } else if (!v.isTextual()) {
        out.set(e.getKey(), v);
      } else if ("true".equals(text) || "false".equals(text)) {
        out.put(e.getKey(), Boolean.parseBoolean(text));
      } else if (text.matches("-?\\d+")) {
        out.put(e.getKey(), Long.parseLong(text));
      } else if (text.matches("-?(\\d+\\.?\\d*|\\.\\d+)([eE][-+]?\\d+)?")) {
        out.put(e.getKey(), Double.parseDouble(text));
      } else {
        out.put(e.getKey(), text);
      }
    }
    return out;
  }
}
