package dev.distillery.workflow;

import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.WorkflowReplayer;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactoryOptions;
import io.temporal.worker.WorkerOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Set;

/**
 * Replays one history file in a JVM of its own, for {@link SubscriberOrderTest}. Arguments: the
 * file, then strings whose {@code Set.copyOf} order (seeded per JVM) it prints. It then prints the
 * targets of the signals the workflow code sent during the replay, in order, and exits 0 when the
 * replay passed, 1 with the failure when it did not.
 */
public final class ReplayInThisJvm {
  static final String SET_ORDER = "Set.copyOf order: ";
  static final String SIGNALLED = "signalled in replay: ";

  private ReplayInThisJvm() {}

  public static void main(String[] args) throws Exception {
    System.out.println(
        SET_ORDER + String.join(",", Set.copyOf(Arrays.asList(args).subList(1, args.length))));
    RecordingSignalsInterceptor signals = new RecordingSignalsInterceptor();
    int status = 0;
    try (TestWorkflowEnvironment env =
        TestWorkflowEnvironment.newInstance(
            TestEnvironmentOptions.newBuilder()
                .setWorkerFactoryOptions(
                    WorkerFactoryOptions.newBuilder().setWorkerInterceptors(signals).build())
                .build())) {
      // A cold JVM on a loaded machine can take over the default 1 s to load the workflow classes
      // in the first task; that is not a deadlock, and it is not what this replay checks.
      Worker worker =
          env.newWorker(
              TaskQueues.DISTILL,
              WorkerOptions.newBuilder().setDefaultDeadlockDetectionTimeout(60_000).build());
      worker.registerWorkflowImplementationTypes(
          SweepWorkflowImpl.class, ExperimentWorkflowImpl.class, StageWorkflowImpl.class);
      WorkflowReplayer.replayWorkflowExecution(
          WorkflowExecutionHistory.fromJson(Files.readString(Path.of(args[0]))), worker);
    } catch (Exception | Error e) {
      System.out.println("replay failed: " + e);
      status = 1;
    }
    System.out.println(SIGNALLED + String.join(",", signals.targets));
    System.exit(status);
  }
}
