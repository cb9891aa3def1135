package dev.distillery.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The LLaMA-Factory configuration and dataset description written for a preset. */
class LlamaFactoryConfigTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final Path DATA = Path.of("/data/run");
  static final Path OUT = Path.of("/data/run/model");

  static ObjectNode config(String preset, int gpus, ObjectNode overrides) {
    return LlamaFactoryConfig.config(
        TrainPresets.find(preset).get(),
        TrainPresets.DEFAULT_BASE_MODEL,
        "distillery",
        DATA,
        OUT,
        gpus,
        overrides);
  }

  @Test
  void mediumIsAFullZero3FineTuneWithTheStudysSettings() {
    ObjectNode c = config("medium", 8, null);
    assertEquals("Qwen/Qwen2.5-7B-Instruct", c.get("model_name_or_path").asText());
    assertEquals("sft", c.get("stage").asText());
    assertTrue(c.get("do_train").asBoolean());
    assertEquals("full", c.get("finetuning_type").asText());
    assertEquals(LlamaFactoryConfig.DEEPSPEED_FILE, c.get("deepspeed").asText());
    assertEquals("distillery", c.get("dataset").asText());
    assertEquals("/data/run", c.get("dataset_dir").asText());
    assertEquals("qwen25", c.get("template").asText());
    assertEquals(16384, c.get("cutoff_len").asInt());
    assertEquals("/data/run/model", c.get("output_dir").asText());
    assertEquals(4e-5, c.get("learning_rate").asDouble());
    assertEquals(5, c.get("num_train_epochs").asInt());
    assertEquals("cosine", c.get("lr_scheduler_type").asText());
    assertEquals(0.1, c.get("warmup_ratio").asDouble());
    assertTrue(c.get("bf16").asBoolean());
    assertFalse(c.get("overwrite_output_dir").asBoolean());
    assertEquals("none", c.get("report_to").asText());
    assertTrue(c.get("save_steps").asInt() > 0);
    assertTrue(c.get("logging_steps").asInt() > 0);
    assertFalse(c.has("packing"));
    assertFalse(c.has("neat_packing"));
  }

  @Test
  void largePacksSequences() {
    ObjectNode c = config("large", 8, null);
    assertTrue(c.get("packing").asBoolean());
    assertTrue(c.get("neat_packing").asBoolean());
    assertEquals(8e-5, c.get("learning_rate").asDouble());
  }

  @ParameterizedTest
  @CsvSource({
    "micro, 1",
    "micro, 8",
    "micro, 32",
    "small, 8",
    "small, 3",
    "medium, 16",
    "large, 64"
  })
  void perDeviceTimesAccumulationTimesGpusIsTheGlobalBatch(String preset, int gpus) {
    ObjectNode c = config(preset, gpus, null);
    int perDevice = c.get("per_device_train_batch_size").asInt();
    int accumulation = c.get("gradient_accumulation_steps").asInt();
    assertEquals(TrainPresets.find(preset).get().globalBatch(), perDevice * accumulation * gpus);
  }

  @Test
  void aPerDeviceOverrideKeepsTheGlobalBatch() {
    ObjectNode c =
        config("large", 8, JSON.createObjectNode().put("per_device_train_batch_size", 4));
    assertEquals(4, c.get("per_device_train_batch_size").asInt());
    assertEquals(16, c.get("gradient_accumulation_steps").asInt());
  }

  @Test
  void overridesReplaceAddAndRemoveFields() {
    ObjectNode overrides =
        JSON.createObjectNode()
            .put("learning_rate", 3e-5)
            .put("template", "qwen")
            .put("flash_attn", "fa2")
            .putNull("deepspeed")
            .putNull("report_to");
    ObjectNode c = config("medium", 8, overrides);
    assertEquals(3e-5, c.get("learning_rate").asDouble());
    assertEquals("qwen", c.get("template").asText());
    assertEquals("fa2", c.get("flash_attn").asText());
    assertFalse(c.has("deepspeed"));
    assertFalse(c.has("report_to"));
  }

  @Test
  void aGpuCountThatDoesNotDivideTheGlobalBatchIsRefusedUnlessAccumulationIsGiven() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> config("small", 5, null));
    assertTrue(e.getMessage().contains("preset small (96)"), e.getMessage());
    assertTrue(e.getMessage().contains("5 GPUs"), e.getMessage());
    ObjectNode c =
        config("small", 5, JSON.createObjectNode().put("gradient_accumulation_steps", 19));
    assertEquals(19, c.get("gradient_accumulation_steps").asInt());
    assertThrows(IllegalArgumentException.class, () -> config("small", 0, null));
  }

  @Test
  void datasetInfoDescribesAShareGptExport() throws Exception {
    JsonNode expected =
        JSON.readTree(
            "{\"ot3\": {\"file_name\": \"ot3.jsonl\", \"formatting\": \"sharegpt\","
                + " \"columns\": {\"messages\": \"conversations\"},"
                + " \"tags\": {\"role_tag\": \"from\", \"content_tag\": \"value\","
                + " \"user_tag\": \"human\", \"assistant_tag\": \"gpt\"}}}");
    assertEquals(expected, LlamaFactoryConfig.datasetInfo("ot3", "ot3.jsonl"));
  }

  @Test
  void writeProducesYamlJsonAndTheZero3File(@TempDir Path dir) throws Exception {
    ObjectNode c = config("micro", 8, JSON.createObjectNode().put("max_grad_norm", 1e10));
    LlamaFactoryConfig.write(dir, c, LlamaFactoryConfig.datasetInfo("distillery", "d.jsonl"));

    String yaml = Files.readString(dir.resolve("train.yaml"));
    // Plain decimals: a YAML 1.1 parser (PyYAML) reads "1E-5" or "1.0E10" as strings.
    assertTrue(yaml.contains("learning_rate: 0.00001\n"), yaml);
    assertTrue(yaml.contains("max_grad_norm: 10000000000.0\n"), yaml);
    JsonNode read = new ObjectMapper(new YAMLFactory()).readTree(yaml);
    Path deepspeed = dir.resolve("ds_z3_config.json").toAbsolutePath();
    assertEquals(deepspeed.toString(), read.get("deepspeed").asText());
    assertEquals(3, JSON.readTree(deepspeed.toFile()).at("/zero_optimization/stage").asInt());
    assertEquals(1e-5, read.get("learning_rate").asDouble());
    assertEquals(13, read.get("num_train_epochs").asInt());
    assertEquals(LlamaFactoryConfig.DEEPSPEED_FILE, c.get("deepspeed").asText(), "not changed");
    assertEquals(
        LlamaFactoryConfig.datasetInfo("distillery", "d.jsonl"),
        JSON.readTree(dir.resolve("dataset_info.json").toFile()));
  }

  @Test
  void anOtherDeepSpeedFileIsLeftAsGiven(@TempDir Path dir) throws Exception {
    String shipped = "examples/deepspeed/ds_z3_config.json";
    ObjectNode c = config("micro", 8, JSON.createObjectNode().put("deepspeed", shipped));
    LlamaFactoryConfig.write(dir, c, LlamaFactoryConfig.datasetInfo("d", "d.jsonl"));
    JsonNode read =
        new ObjectMapper(new YAMLFactory()).readTree(dir.resolve("train.yaml").toFile());
    assertEquals(shipped, read.get("deepspeed").asText());
    assertFalse(Files.exists(dir.resolve("ds_z3_config.json")));
  }
}
