package dev.distillery.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.distillery.plan.StageRef;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Follows one row (by its {@code id}) back from a stage to the source it came from: at each stage
 * on the way, whether the row is in the stage's output and how many times (a teacher writes one row
 * per answer). A row written by {@code generate-questions} carries its seed's id in {@code
 * metadata.seed_id}; the trace goes on with that id upstream of it. At the stage where a row
 * vanished, the step carries the stage's record of why ({@code dropped_by}: reason and detail, such
 * as the kept row it duplicated or the benchmark item it matched) when the stage kept one. Reads
 * every row of each stage on the path, so it is for inspecting one row, not for bulk lineage.
 */
public final class RowTrace {
  /**
   * One stage on the path, from the source down.
   *
   * @param manifest the stage's manifest
   * @param rowId the id looked for in this stage's output
   * @param rows how many output rows carry that id (0: not here)
   * @param droppedBy where the row vanished at this stage: the stage's {@code dropped_by} record of
   *     it ({@code stage}, {@code reason} and the detail), or null when it kept none
   */
  public record Step(Manifest manifest, String rowId, long rows, JsonNode droppedBy) {}

  private final ArtifactStore store;
  private final Map<String, Long> counts = new HashMap<>();

  public RowTrace(ArtifactStore store) {
    this.store = store;
  }

  /**
   * The path of {@code rowId} into stage {@code last}: the source first, {@code last} at the end.
   * Where the row is in no input, the path starts at the stage that has it (or at {@code last}).
   */
  public List<Step> trace(StageRef last, String rowId) throws IOException {
    Manifest m =
        store.findManifest(last).orElseThrow(() -> new IOException("no manifest for " + last));
    long here = count(m, rowId);
    String upstreamId = here > 0 ? seedId(m, rowId) : null;
    String lookFor = upstreamId != null ? upstreamId : rowId;
    for (StageRef input : m.inputs()) {
      List<Step> path = trace(input, lookFor);
      if (path.stream().anyMatch(step -> step.rows() > 0)) {
        boolean vanishedHere = here == 0 && path.get(path.size() - 1).rows() > 0;
        path.add(new Step(m, rowId, here, vanishedHere ? droppedBy(m, lookFor) : null));
        return path;
      }
    }
    List<Step> path = new ArrayList<>();
    path.add(new Step(m, rowId, here, null));
    return path;
  }

  private JsonNode droppedBy(Manifest m, String rowId) throws IOException {
    try (RowReader reader = store.openDropped(m)) {
      for (ObjectNode row : reader) {
        if (rowId.equals(row.path("id").asText(null))) {
          return row.get("dropped_by");
        }
      }
    }
    return null;
  }

  private long count(Manifest m, String rowId) throws IOException {
    String cacheKey = m.key() + " " + rowId;
    Long cached = counts.get(cacheKey);
    if (cached != null) {
      return cached;
    }
    long n = 0;
    try (RowReader reader = store.open(m)) {
      for (ObjectNode row : reader) {
        n += rowId.equals(row.path("id").asText(null)) ? 1 : 0;
      }
    }
    counts.put(cacheKey, n);
    return n;
  }

  /** The seed id of a generated row, when the stage generated it from another row. */
  private String seedId(Manifest m, String rowId) throws IOException {
    try (RowReader reader = store.open(m)) {
      for (ObjectNode row : reader) {
        if (rowId.equals(row.path("id").asText(null))) {
          String seed = row.path("metadata").path("seed_id").asText(null);
          return seed == null || seed.equals(rowId) ? null : seed;
        }
      }
    }
    return null;
  }
}
