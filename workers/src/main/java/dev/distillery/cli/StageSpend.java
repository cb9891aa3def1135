package dev.distillery.cli;

import dev.distillery.plan.StageRef;
import dev.distillery.store.ArtifactStore;
import dev.distillery.store.Manifest;
import dev.distillery.workflow.StageResult;
import java.io.IOException;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Sums the spend of finished stages from their manifests, reading each distinct manifest once per
 * instance (so a {@code --watch} loop reads only the manifests that appeared since the last
 * refresh). Spend is best effort: when the store cannot be read, {@link #problem()} says why and
 * the sums are incomplete.
 */
final class StageSpend {
  private final ArtifactStore store;
  private final Map<StageRef, Spend> read = new HashMap<>();
  private String problem;

  StageSpend(ArtifactStore store) {
    this.store = store;
  }

  /** Why some spend could not be read, or null when every manifest asked for was read. */
  String problem() {
    return problem;
  }

  /** The spend of one finished stage; zero when its manifest is missing or unreadable. */
  Spend of(StageResult stage) {
    StageRef ref = new StageRef(stage.kind(), stage.key());
    Spend known = read.get(ref);
    if (known != null) {
      return known;
    }
    Optional<Manifest> manifest;
    try {
      manifest = store.findManifest(ref);
    } catch (IOException e) {
      problem = e.getMessage();
      return Spend.ZERO;
    }
    if (manifest.isEmpty()) {
      return Spend.ZERO; // Not cached: it may appear later.
    }
    Spend spend = Spend.of(manifest.get());
    read.put(ref, spend);
    return spend;
  }

  /** The spend of these stages, counting each artifact once however many stages share it. */
  Spend sum(Collection<StageResult> stages) {
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
