package dev.distillery.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.distillery.plan.StageRef;
import dev.distillery.stages.EvalStage;
import dev.distillery.store.ArtifactStore;
import dev.distillery.store.Manifest;
import dev.distillery.store.OutputFile;
import dev.distillery.workflow.StageResult;
import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The benchmark scores of finished {@code eval} stages, from the {@code results.json} beside their
 * rows: per benchmark {@code <stage>.<benchmark>} (accuracy_avg) and {@code
 * <stage>.<benchmark>.std_err} (accuracy_std_err). Each file is read once per command.
 */
final class EvalScores {
  /** The suffix of a score's standard-error metric. */
  static final String STD_ERR = ".std_err";

  private final ArtifactStore store;
  private final Map<String, Map<String, Number>> byKey = new HashMap<>();

  EvalScores(ArtifactStore store) {
    this.store = store;
  }

  /** The scores of {@code stage}, empty unless it is a finished eval stage with results. */
  Map<String, Number> of(StageResult stage) throws IOException {
    if (!"eval".equals(stage.kind())) {
      return Map.of();
    }
    Map<String, Number> scores = byKey.get(stage.key());
    if (scores == null) {
      scores = read(stage);
      byKey.put(stage.key(), scores);
    }
    return scores;
  }

  private Map<String, Number> read(StageResult stage) throws IOException {
    Map<String, Number> scores = new LinkedHashMap<>();
    Optional<Manifest> m = store.findManifest(new StageRef(stage.kind(), stage.key()));
    Optional<OutputFile> file = m.flatMap(x -> x.extraFile(EvalStage.RESULTS));
    if (file.isEmpty()) {
      return scores;
    }
    JsonNode results;
    try (InputStream in = store.blobs().open(m.get().ref().folder() + "/" + file.get().name())) {
      results = SweepClient.JSON.readTree(in).path("results");
    }
    results
        .fields()
        .forEachRemaining(
            task -> {
              String name = stage.stageId() + "." + task.getKey();
              scores.put(name, task.getValue().path("accuracy_avg").asDouble());
              scores.put(name + STD_ERR, task.getValue().path("accuracy_std_err").asDouble());
            });
    return scores;
  }
}
