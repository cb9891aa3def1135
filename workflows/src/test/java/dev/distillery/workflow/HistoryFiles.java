package dev.distillery.workflow;

import io.temporal.client.WorkflowClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The checked-in histories that {@link ReplayCheckedInHistoriesTest} replays. Each recording of a
 * scenario is kept as {@code <scenario>-v<n>.json}, {@code n} counting that scenario's recordings
 * from 1, so the histories of workflows started by earlier code stay beside the newest one. A new
 * recording takes the next free number and never replaces a file; a gap in the numbers is a
 * recording that an incompatible change made unreplayable before this rule existed.
 */
final class HistoryFiles {
  private HistoryFiles() {}

  /**
   * Writes the history of {@code workflowId} as the next version of {@code scenario} when the
   * system property {@code distill.recordHistories} names a folder: run e.g. {@code ./mvnw -pl
   * workflows test -Dtest=ShardedStageWorkflowTest
   * -Ddistill.recordHistories=$PWD/workflows/src/test/resources/histories} after a workflow change,
   * so the new code's history is replayed beside the old ones.
   */
  static void recordIfAsked(WorkflowClient client, String workflowId, String scenario)
      throws IOException {
    String dir = System.getProperty("distill.recordHistories");
    if (dir != null) {
      writeNext(Path.of(dir), scenario, client.fetchHistory(workflowId).toJson(true));
    }
  }

  /** Writes {@code json} as the next version of {@code scenario} in {@code dir}; returns it. */
  static Path writeNext(Path dir, String scenario, String json) throws IOException {
    Files.createDirectories(dir);
    int version = 1;
    while (Files.exists(dir.resolve(scenario + "-v" + version + ".json"))) {
      version++;
    }
    Path file = dir.resolve(scenario + "-v" + version + ".json");
    Files.writeString(file, json, StandardOpenOption.CREATE_NEW);
    return file;
  }
}
