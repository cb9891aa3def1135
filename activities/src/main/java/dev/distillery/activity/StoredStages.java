package dev.distillery.activity;

import dev.distillery.plan.PlannedStage;
import dev.distillery.plan.StageRef;
import dev.distillery.store.ArtifactStore;
import dev.distillery.store.Manifest;
import dev.distillery.workflow.StageOutcome;
import dev.distillery.workflow.StageResult;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the store alone says of planned stages: which have an intact manifest, as the results an
 * experiment would report for them. For views of sweeps that Temporal no longer knows (a killed
 * {@code run}); each manifest is read once, however many experiments share the stage.
 */
public final class StoredStages {
  private final ArtifactStore store;
  private final Map<StageRef, Optional<Manifest>> manifests = new HashMap<>();

  public StoredStages(ArtifactStore store) {
    this.store = store;
  }

  /**
   * The results of the first stages of {@code stages} whose manifests exist, in order, up to the
   * first without one (a later stage cannot have run before it), as {@code outcome}.
   */
  public List<StageResult> finished(List<PlannedStage> stages, StageOutcome outcome)
      throws IOException {
    List<StageResult> results = new ArrayList<>();
    for (PlannedStage stage : stages) {
      Optional<Manifest> m = manifests.get(stage.ref());
      if (m == null) {
        m = StageRuns.findIntact(store, stage.ref());
        manifests.put(stage.ref(), m);
      }
      if (m.isEmpty()) {
        break;
      }
      results.add(StageRuns.result(store, stage, m.get(), outcome));
    }
    return results;
  }
}
