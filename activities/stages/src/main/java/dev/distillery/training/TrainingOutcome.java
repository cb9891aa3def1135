package dev.distillery.training;

import java.util.List;

/**
 * How a training command ended.
 *
 * @param exitCode the command's exit code; anything but 0 is a failed training
 * @param modelLocation the path or URI of the trained model: the last {@code DISTILL_MODEL=...}
 *     line the command printed, else the output folder when it holds a model ({@code config.json}),
 *     else null
 * @param resumedFrom the checkpoint folder the command was told to resume from, or null
 * @param logTail the last 40 lines of its log
 * @param lastProgressLine the last line reporting training progress, or null
 */
public record TrainingOutcome(
    int exitCode,
    String modelLocation,
    String resumedFrom,
    List<String> logTail,
    String lastProgressLine) {
  public TrainingOutcome {
    logTail = List.copyOf(logTail);
  }
}
