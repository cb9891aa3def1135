package dev.distillery.training;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import dev.distillery.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The LLaMA-Factory training configuration ({@code llamafactory-cli train train.yaml}) of a preset,
 * and the {@code dataset_info.json} naming the dataset it trains on.
 *
 * <p>DeepSpeed: {@link #config} sets {@code deepspeed} to {@value #DEEPSPEED_FILE}, meaning the
 * ZeRO-3 configuration that {@link #write} writes beside {@code train.yaml} (stage 3, bf16 and
 * batch sizes {@code auto}, 16-bit weights gathered on save so the saved model loads in vLLM);
 * {@code write} replaces it with that file's absolute path. This works wherever the command runs,
 * unlike {@code examples/deepspeed/ds_z3_config.json}, which LLaMA-Factory ships but which resolves
 * only from inside its checkout; override {@code deepspeed} with any path to use another file, or
 * with null to train without DeepSpeed.
 */
public final class LlamaFactoryConfig {
  /** The training configuration's file name. */
  public static final String CONFIG_FILE = "train.yaml";

  /** The dataset description's file name; LLaMA-Factory reads it from {@code dataset_dir}. */
  public static final String DATASET_INFO_FILE = "dataset_info.json";

  /** The ZeRO-3 configuration's file name, written beside {@code train.yaml}. */
  public static final String DEEPSPEED_FILE = "ds_z3_config.json";

  /** The study's chat template for Qwen2.5. */
  public static final String TEMPLATE = "qwen25";

  /** The study's maximum sequence length in tokens. */
  public static final int CUTOFF_LEN = 16384;

  /** Steps between checkpoints: the most a lost node costs. */
  public static final int SAVE_STEPS = 200;

  private static final ObjectMapper JSON = Json.mapper();
  private static final ObjectMapper YAML =
      new ObjectMapper(
              YAMLFactory.builder().disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER).build())
          .enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN);

  private LlamaFactoryConfig() {}

  /**
   * The training fields of {@code preset}: a full supervised fine-tune of {@code baseModel} on
   * {@code datasetName} (described in {@code datasetDir}/{@value #DATASET_INFO_FILE}), writing
   * checkpoints every {@value #SAVE_STEPS} steps (the last two kept) and the model to {@code
   * outputDir}. Each GPU takes one sequence per step ({@code per_device_train_batch_size} 1, or the
   * override's value) and {@code gradient_accumulation_steps} makes up the preset's global batch,
   * so that global batch = per device x accumulation x {@code gpus}.
   *
   * @param overrides fields replacing the preset's (a null value removes the field); null for none
   * @throws IllegalArgumentException when {@code gpus} is not positive, or the global batch is not
   *     a multiple of per device x {@code gpus} and {@code gradient_accumulation_steps} is not
   *     overridden
   */
  public static ObjectNode config(
      TrainPreset preset,
      String baseModel,
      String datasetName,
      Path datasetDir,
      Path outputDir,
      int gpus,
      ObjectNode overrides) {
    if (gpus < 1) {
      throw new IllegalArgumentException(
          "gpus is " + gpus + "; give the number of GPUs the training job uses (1 or more).");
    }
    ObjectNode c = JSON.createObjectNode();
    c.put("model_name_or_path", baseModel);
    c.put("stage", "sft");
    c.put("do_train", true);
    c.put("finetuning_type", "full");
    c.put("deepspeed", DEEPSPEED_FILE);
    c.put("dataset", datasetName);
    c.put("dataset_dir", datasetDir.toString());
    c.put("template", TEMPLATE);
    c.put("cutoff_len", CUTOFF_LEN);
    if (preset.packing()) {
      c.put("packing", true);
      c.put("neat_packing", true);
    }
    c.put("output_dir", outputDir.toString());
    c.put("overwrite_output_dir", false);
    c.put("save_steps", SAVE_STEPS);
    c.put("save_total_limit", 2);
    c.put("logging_steps", 1);
    c.put("report_to", "none");
    JsonNode perDeviceOverride =
        overrides == null ? null : overrides.get("per_device_train_batch_size");
    int perDevice =
        perDeviceOverride != null && perDeviceOverride.canConvertToInt()
            ? Math.max(1, perDeviceOverride.asInt())
            : 1;
    c.put("per_device_train_batch_size", perDevice);
    boolean accumulationGiven = overrides != null && overrides.has("gradient_accumulation_steps");
    if (preset.globalBatch() % (perDevice * gpus) != 0 && !accumulationGiven) {
      throw new IllegalArgumentException(
          "The global batch of preset "
              + preset.name()
              + " ("
              + preset.globalBatch()
              + ") is not a multiple of "
              + perDevice
              + " per device x "
              + gpus
              + " GPUs. Use a GPU count that divides it, or override"
              + " gradient_accumulation_steps.");
    }
    c.put("gradient_accumulation_steps", Math.max(1, preset.globalBatch() / (perDevice * gpus)));
    c.put("learning_rate", preset.learningRate());
    c.put("num_train_epochs", preset.epochs());
    c.put("lr_scheduler_type", "cosine");
    c.put("warmup_ratio", 0.1);
    c.put("bf16", true);
    if (overrides != null) {
      for (Map.Entry<String, JsonNode> field : overrides.properties()) {
        if (field.getValue() == null || field.getValue().isNull()) {
          c.remove(field.getKey());
        } else {
          c.set(field.getKey(), field.getValue().deepCopy());
        }
      }
    }
    return c;
  }

  /**
   * The {@value #DATASET_INFO_FILE} describing a ShareGPT export ({@code conversations} of {@code
   * {from: human|gpt, value}}) in {@code fileName} as {@code datasetName}.
   */
  public static ObjectNode datasetInfo(String datasetName, String fileName) {
    return datasetInfo(datasetName, fileName, false);
  }

  /**
   * The {@value #DATASET_INFO_FILE} describing {@code fileName} as {@code datasetName}: ShareGPT
   * rows, or with {@code messages} OpenAI chat rows ({@code messages} of {@code {role, content}}),
   * which LLaMA-Factory reads as ShareGPT with other tags.
   */
  public static ObjectNode datasetInfo(String datasetName, String fileName, boolean messages) {
    ObjectNode info = JSON.createObjectNode();
    ObjectNode dataset = info.putObject(datasetName);
    dataset.put("file_name", fileName);
    dataset.put("formatting", "sharegpt");
    ObjectNode tags = JSON.createObjectNode();
    if (messages) {
      dataset.putObject("columns").put("messages", "messages");
      tags.put("role_tag", "role")
          .put("content_tag", "content")
          .put("user_tag", "user")
          .put("assistant_tag", "assistant")
          .put("system_tag", "system");
    } else {
      dataset.putObject("columns").put("messages", "conversations");
      tags.put("role_tag", "from")
          .put("content_tag", "value")
          .put("user_tag", "human")
          .put("assistant_tag", "gpt");
    }
    dataset.set("tags", tags);
    return info;
  }

  /**
   * Writes {@code config} as {@code dir}/{@value #CONFIG_FILE} and {@code datasetInfo} as {@code
   * dir}/{@value #DATASET_INFO_FILE}, so {@code dir} should be the config's {@code dataset_dir};
   * with {@code deepspeed} left at {@value #DEEPSPEED_FILE}, also the ZeRO-3 configuration, its
   * absolute path going into the YAML. Numbers are written in plain decimal notation, which every
   * YAML parser reads as numbers. {@code config} itself is not changed.
   */
  public static void write(Path dir, ObjectNode config, ObjectNode datasetInfo) throws IOException {
    Files.createDirectories(dir);
    ObjectNode yaml = config.deepCopy();
    if (DEEPSPEED_FILE.equals(yaml.path("deepspeed").asText(null))) {
      Path deepspeed = dir.resolve(DEEPSPEED_FILE).toAbsolutePath();
      Files.write(deepspeed, zero3());
      yaml.put("deepspeed", deepspeed.toString());
    }
    plainNumbers(yaml);
    Files.writeString(dir.resolve(CONFIG_FILE), YAML.writeValueAsString(yaml));
    Files.writeString(
        dir.resolve(DATASET_INFO_FILE),
        JSON.writerWithDefaultPrettyPrinter().writeValueAsString(datasetInfo));
  }

  /** Replaces floating-point values (1.0E-5, 1.0E10) with decimals (0.00001, 10000000000.0). */
  private static void plainNumbers(ObjectNode node) {
    for (String name : List.copyOf(node.properties().stream().map(Map.Entry::getKey).toList())) {
      JsonNode value = node.get(name);
      if (value.isFloatingPointNumber()) {
        BigDecimal decimal = BigDecimal.valueOf(value.doubleValue()).stripTrailingZeros();
        node.set(name, DecimalNode.valueOf(decimal.scale() > 0 ? decimal : decimal.setScale(1)));
      } else if (value.isObject()) {
        plainNumbers((ObjectNode) value);
      }
    }
  }

  private static byte[] zero3() {
    try (InputStream in = LlamaFactoryConfig.class.getResourceAsStream(DEEPSPEED_FILE)) {
      if (in == null) {
        throw new IllegalStateException(DEEPSPEED_FILE + " is missing from the classpath");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
