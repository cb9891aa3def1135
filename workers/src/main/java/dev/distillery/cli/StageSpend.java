package dev.distillery.cli;

import dev.distillery.plan.StageRef;
import dev.distillery.store.ArtifactStore;
import dev.distillery.workflow.StageResult;
import java.io.IOException;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * Sums the spend of finished stages from their manifests, reading each distinct manifest once per
 * instance (so a {@code --watch} loop reads only the manifests that appeared since the last
 * refresh).
 */
final class StageSpend {
  private final ArtifactStore store;
  private final Map<StageRef, Spend> read = new HashMap<>();

  StageSpend(ArtifactStore store) {
    this.store = store;
  }

  /** The spend of one finished stage; zero when its manifest is missing. */
  Spend of(StageResult stage) throws IOException {
    StageRef ref = new StageRef(stage.kind(), stage.key());
    Spend known = read.get(ref);
    if (known != null) {
      return known;
    }
    var manifest = store.findManifest(ref);
    if (manifest.isEmpty()) {
      return Spend.ZERO; // Not cached: it may appear later.
    }
    Spend spend = Spend.of(manifest.get());
    read.put(ref, spend);
    return spend;
  }

  /** The spend of these stages, counting each artifact once however many stages share it. */
  Spend sum(Collection<StageResult> stages) throws IOException {
    Set<StageRef> seen = new LinkedHashSet<>();
    Spend total = Spend.ZERO;
    for (StageResult stage : stages) {
      if (seen.add(new StageRef(stage.kind(), stage.key()))) {
        total = total.plus(of(stage));
      }
    }
    return total;
  }
}
