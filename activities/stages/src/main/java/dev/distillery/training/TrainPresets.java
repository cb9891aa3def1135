package dev.distillery.training;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The study's presets: a full fine-tune of the base model with LLaMA-Factory, DeepSpeed ZeRO-3,
 * template {@code qwen25}, {@code cutoff_len} 16384, cosine schedule, warmup ratio 0.1, bf16 (the
 * fields {@link LlamaFactoryConfig#config} writes); they differ only in global batch, learning
 * rate, epochs and packing.
 *
 * <table>
 *   <caption>Presets</caption>
 *   <tr><th>name</th><th>global batch</th><th>learning rate</th><th>epochs</th><th>packing</th></tr>
 *   <tr><td>micro</td><td>32</td><td>1e-5</td><td>13</td><td>no</td></tr>
 *   <tr><td>small</td><td>96</td><td>2e-5</td><td>7</td><td>no</td></tr>
 *   <tr><td>medium</td><td>128</td><td>4e-5</td><td>5</td><td>no</td></tr>
 *   <tr><td>large</td><td>512</td><td>8e-5</td><td>5</td><td>yes</td></tr>
 * </table>
 *
 * The study's ablations used {@code medium}.
 */
public final class TrainPresets {
  /** The model the study fine-tuned. */
  public static final String DEFAULT_BASE_MODEL = "Qwen/Qwen2.5-7B-Instruct";

  private static final List<TrainPreset> PRESETS =
      List.of(
          new TrainPreset("micro", 32, 1e-5, 13, false),
          new TrainPreset("small", 96, 2e-5, 7, false),
          new TrainPreset("medium", 128, 4e-5, 5, false),
          new TrainPreset("large", 512, 8e-5, 5, true));

  private TrainPresets() {}

  /** The preset called {@code name} (case-insensitive), or empty when there is none. */
  public static Optional<TrainPreset> find(String name) {
    if (name == null) {
      return Optional.empty();
    }
    String wanted = name.strip().toLowerCase(Locale.ROOT);
    return PRESETS.stream().filter(p -> p.name().equals(wanted)).findFirst();
  }

  /** The presets' names, smallest first. */
  public static List<String> names() {
    return PRESETS.stream().map(TrainPreset::name).toList();
  }
}
