package dev.distillery.cli;

import dev.distillery.worker.Stack;
import dev.distillery.workflow.TaskQueues;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code distill worker}: a Temporal worker for Distillery's workflows and stages. */
@Command(
    name = "worker",
    mixinStandardHelpOptions = true,
    description = {
      "Run a worker that executes sweeps, experiments and stages until stopped (Ctrl-C).",
      "Needs TEMPORAL_ADDRESS and DISTILL_STORE (plus AWS_ENDPOINT_URL_S3 for MinIO), or a"
          + " running `distill dev`. Run as many as you like, on as many machines."
    })
final class WorkerCommand implements Callable<Integer> {
  @ParentCommand Distill root;
  @Spec CommandSpec spec;

  @Option(
      names = "--task-queues",
      split = ",",
      defaultValue = TaskQueues.DISTILL,
      description = "Task queues to poll (default: ${DEFAULT-VALUE}; the only one so far).")
  List<String> taskQueues;

  @Option(
      names = "--max-activities",
      defaultValue = "4",
      description = "Stage activities run at once (default: ${DEFAULT-VALUE}).")
  int maxActivities;

  @Override
  public Integer call() throws Exception {
    for (String queue : taskQueues) {
      if (!queue.equals(TaskQueues.DISTILL)) {
        throw new UserException(
            ExitCodes.INVALID_INPUT,
            "unknown task queue '" + queue + "'. Known task queues: " + TaskQueues.DISTILL + ".");
      }
    }
    PrintWriter out = spec.commandLine().getOut();
    try (Stack stack = root.connect()) {
      stack.startWorker(maxActivities);
      out.printf(
          "Worker polling %s on %s, store %s (Ctrl-C to stop)%n",
          taskQueues, stack.temporalAddress(), stack.storeLocation());
      out.flush();
      CountDownLatch stop = new CountDownLatch(1);
      Runtime.getRuntime().addShutdownHook(new Thread(stop::countDown));
      stop.await();
      return ExitCodes.OK;
    }
  }
}
