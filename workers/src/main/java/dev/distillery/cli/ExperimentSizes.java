package dev.distillery.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.distillery.plan.ExperimentPlan;
import dev.distillery.plan.PlannedStage;
import java.nio.file.Path;
import java.util.List;

/**
 * Checks that each experiment of a sweep fits one Temporal payload, as the experiments stream by. A
 * stage the planner shares with the previous experiment is measured once, so a million experiments
 * cost a serialization each only of their name, axis values and the stages that changed.
 */
final class ExperimentSizes {
  /**
   * The largest experiment plan a workflow receives in one payload. Sweeps pass plans by reference,
   * but each experiment reads its own stages and params; Temporal warns at 256 KiB per payload and
   * the embedded test server does not enforce the real 2 MiB limit, so this fails fast instead.
   */
  static final int MAX_EXPERIMENT_BYTES = 256 * 1024;

  private final Path file;
  private final String sweep;
  private PlannedStage[] measured = new PlannedStage[0];
  private int[] bytes = new int[0];

  ExperimentSizes(Path file, String sweep) {
    this.file = file;
    this.sweep = sweep;
  }

  /** A user error when the experiment's JSON is over {@link #MAX_EXPERIMENT_BYTES}. */
  void check(ExperimentPlan experiment) throws UserException, JsonProcessingException {
    int size = bytes(experiment);
    if (size > MAX_EXPERIMENT_BYTES) {
      throw new UserException(
          ExitCodes.INVALID_INPUT,
          file
              + ": experiment '"
              + experiment.name()
              + "' of sweep '"
              + sweep
              + "' has stage params of "
              + size / 1024
              + " KiB, over the "
              + MAX_EXPERIMENT_BYTES / 1024
              + " KiB that fit one Temporal payload (real servers warn at 256 KiB and fail at 2"
              + " MiB). Move large values (prompt lists, inline data) into a file and point a"
              + " param at it.");
    }
  }

  /**
   * The length of the experiment's JSON as {@link SweepClient#JSON} writes it: {@code
   * {"name":...,"axisValues":{...},"stages":[s1,...,sn]}} is the experiment without stages, plus
   * each stage and the commas between them.
   */
  int bytes(ExperimentPlan experiment) throws JsonProcessingException {
    List<PlannedStage> stages = experiment.stages();
    if (measured.length != stages.size()) {
      measured = new PlannedStage[stages.size()];
      bytes = new int[stages.size()];
    }
    int total =
        SweepClient.JSON.writeValueAsBytes(
                    new ExperimentPlan(experiment.name(), experiment.axisValues(), List.of()))
                .length
            + Math.max(0, stages.size() - 1);
    for (int i = 0; i < stages.size(); i++) {
      if (measured[i] != stages.get(i)) {
        measured[i] = stages.get(i);
        bytes[i] = SweepClient.JSON.writeValueAsBytes(stages.get(i)).length;
      }
      total += bytes[i];
    }
    return total;
  }
}
