package dev.distillery.training;

/**
 * One of the study's training presets (see {@link TrainPresets}).
 *
 * @param name the preset's name in recipes ({@code micro}, {@code small}, ...)
 * @param globalBatch sequences per optimizer step over all GPUs together
 * @param learningRate the peak learning rate of the cosine schedule
 * @param epochs passes over the dataset
 * @param packing whether sequences are packed into {@code cutoff_len} (LLaMA-Factory's {@code
 *     packing} and {@code neat_packing})
 */
public record TrainPreset(
    String name, int globalBatch, double learningRate, int epochs, boolean packing) {}
