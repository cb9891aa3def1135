package dev.distillery.workflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.distillery.plan.PlannedStage;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowStub;
import io.temporal.common.WorkflowExecutionHistory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A stage tells its subscribers that it ended in the same order on every JVM, so its history
 * replays on any worker.
 */
class SubscriberOrderTest {
  /** Joiners listed out of order; a stage must signal them sorted by workflow id. */
  static final List<String> JOINERS =
      List.of(
          "sweep-b/e12",
          "sweep-a/e3",
          "sweep-c/e0",
          "sweep-a/e10",
          "sweep-b/e1",
          "sweep-a/e7",
          "sweep-c/e5",
          "sweep-b/e9");

  private static final String HISTORY = "/histories/stage-subscribers-v1.json";

  @RegisterExtension
  final TestWorkers workers =
      TestWorkers.stageWorkflow().activities(TaskQueues.DISTILL, new FakeStageActivities(1_000));

  @Test
  void subscribersAreSignalledInWorkflowIdOrder() throws Exception {
    String id = "stage/source/" + SweepWorkflowTest.key('a', 0);
    WorkflowStub stage = StageWorkflowStubs.untypedStage(workers.env(), id);
    PlannedStage source =
        StageWorkflowStubs.planned("a", "source", SweepWorkflowTest.key('a', 0), List.of());
    stage.start(StageWorkflowStubs.input(source));
    for (String joiner : JOINERS) {
      stage.signal(StageWorkflow.SUBSCRIBE_SIGNAL, joiner);
    }
    stage.getResult(StageResult.class);

    WorkflowExecutionHistory history = workers.env().getWorkflowClient().fetchHistory(id);
    assertEquals(JOINERS.stream().sorted().toList(), signalled(history));
    HistoryFiles.recordIfAsked(workers.env().getWorkflowClient(), id, "stage-subscribers");
  }

  /**
   * Replays a stage history with eight subscribers in another JVM, one whose per-JVM seed iterates
   * them in an order other than their sorted one, and checks that the replay signals them in the
   * order the history recorded.
   */
  @Test
  void aStageHistoryReplaysWithTheSameSignalsInAJvmWithAnotherHashSeed() throws Exception {
    Path file = Path.of(SubscriberOrderTest.class.getResource(HISTORY).toURI());
    List<String> recorded = signalled(WorkflowExecutionHistory.fromJson(Files.readString(file)));
    assertEquals(JOINERS.size(), recorded.size(), "signals in " + HISTORY);
    String sorted = String.join(",", JOINERS.stream().sorted().toList());
    for (int attempt = 0; attempt < 8; attempt++) {
      List<String> command = new ArrayList<>();
      command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
      command.add("-cp");
      command.add(System.getProperty("java.class.path"));
      command.add(ReplayInThisJvm.class.getName());
      command.add(file.toString());
      command.addAll(JOINERS);
      Process child = new ProcessBuilder(command).redirectErrorStream(true).start();
      String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertTrue(child.waitFor(120, TimeUnit.SECONDS), "the child JVM did not end");
      if (sorted.equals(line(output, ReplayInThisJvm.SET_ORDER))) {
        continue; // This JVM's seed happens to sort them: try another seed.
      }
      assertEquals(0, child.exitValue(), output);
      assertEquals(String.join(",", recorded), line(output, ReplayInThisJvm.SIGNALLED), output);
      return;
    }
    throw new AssertionError("eight child JVMs all iterated Set.copyOf in sorted order");
  }

  private static String line(String output, String prefix) {
    return output
        .lines()
        .filter(l -> l.startsWith(prefix))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no '" + prefix + "' in:\n" + output))
        .substring(prefix.length());
  }

  private static List<String> signalled(WorkflowExecutionHistory history) {
    List<String> targets = new ArrayList<>();
    for (HistoryEvent e : history.getEvents()) {
      if (e.getEventType() == EventType.EVENT_TYPE_SIGNAL_EXTERNAL_WORKFLOW_EXECUTION_INITIATED) {
        targets.add(
            e.getSignalExternalWorkflowExecutionInitiatedEventAttributes()
                .getWorkflowExecution()
                .getWorkflowId());
      }
    }
    return targets;
  }
}
