package dev.distillery.store;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.distillery.plan.StageRef;
import java.io.IOException;
import java.time.Clock;
import java.util.List;

/** Stage outputs put in a test's store as a finished earlier run would have left them. */
public final class CommittedStages {
  private CommittedStages() {}

  /** {@link #commit(ArtifactStore, StageRef, String, List, int)} in parts of the default size. */
  public static Manifest commit(
      ArtifactStore store, StageRef ref, String stageId, List<ObjectNode> rows) throws IOException {
    return commit(store, ref, stageId, rows, StageWriter.DEFAULT_ROWS_PER_PART);
  }

  /**
   * Writes {@code rows} as the output of stage {@code stageId} (version 1, no params or inputs) at
   * {@code ref}, {@code rowsPerPart} rows a part, and commits it; returns its manifest.
   */
  public static Manifest commit(
      ArtifactStore store, StageRef ref, String stageId, List<ObjectNode> rows, int rowsPerPart)
      throws IOException {
    try (StageWriter writer =
        store.begin(
            ref,
            1,
            JsonNodeFactory.instance.objectNode(),
            List.of(),
            new RunInfo(stageId, "wf", "run", "w", "test"),
            Clock.systemUTC(),
            rowsPerPart)) {
      for (ObjectNode row : rows) {
        writer.write(row);
      }
      return writer.commit();
    }
  }
}
