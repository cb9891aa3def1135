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
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

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
   * The results of the stages of {@code stages} whose manifests exist and whose inputs among {@code
   * stages} are finished too, in order, as {@code outcome}. A stage that does not depend on an
   * unfinished one counts even when it comes after it in the recipe: another experiment may have
   * made it (a shared stage). One whose input is missing does not: it cannot have been made from
   * what this experiment would read.
   */
  public List<StageResult> finished(List<PlannedStage> stages, StageOutcome outcome)
      throws IOException {
    Set<StageRef> planned = new HashSet<>();
    stages.forEach(s -> planned.add(s.ref()));
    Set<StageRef> done = new HashSet<>();
    List<StageResult> results = new ArrayList<>();
    for (PlannedStage stage : stages) {
      boolean inputsDone =
          stage.inputs().stream().allMatch(in -> done.contains(in) || !planned.contains(in));
      if (!inputsDone) {
        continue;
      }
      Optional<Manifest> m = manifests.get(stage.ref());
      if (m == null) {
        m = StageRuns.findIntact(store, stage.ref());
        manifests.put(stage.ref(), m);
      }
      if (m.isPresent()) {
        done.add(stage.ref());
        results.add(StageRuns.result(store, stage, m.get(), outcome));
      }
    }
    return results;
  }
}
