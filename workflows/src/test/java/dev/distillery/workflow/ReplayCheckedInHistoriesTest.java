package dev.distillery.workflow;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.temporal.testing.WorkflowReplayer;
import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Replays every history under {@code src/test/resources/histories}, those recorded by earlier
 * versions of the workflow code beside the newest (see {@link HistoryFiles} for the naming). A
 * failure means a change is not replay-compatible with running workflows: guard it with {@code
 * Workflow.getVersion}; never re-record or delete an old history to make this pass.
 */
class ReplayCheckedInHistoriesTest {

  @ParameterizedTest(name = "{0}")
  @MethodSource("histories")
  void replays(String file) throws Exception {
    String json = Files.readString(dir().resolve(file));
    assertTrue(
        json.contains("WorkflowExecutionStarted") || json.contains("WORKFLOW_EXECUTION_STARTED"));
    WorkflowReplayer.replayWorkflowExecution(
        json, SweepWorkflowImpl.class, ExperimentWorkflowImpl.class, StageWorkflowImpl.class);
  }

  static List<String> histories() throws IOException, URISyntaxException {
    try (Stream<Path> files = Files.walk(dir())) {
      List<String> names =
          files
              .filter(p -> p.toString().endsWith(".json"))
              .map(p -> dir().relativize(p).toString())
              .sorted()
              .toList();
      assertTrue(names.size() >= 8, "the checked-in histories are missing: " + names);
      return names;
    }
  }

  private static Path dir() {
    URL url = ReplayCheckedInHistoriesTest.class.getResource("/histories");
    try {
      return Path.of(url.toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
