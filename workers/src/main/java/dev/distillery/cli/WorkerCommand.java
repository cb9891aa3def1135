package dev.distillery.cli;

import dev.distillery.worker.Stack;
import dev.distillery.worker.WorkerSettings;
import dev.distillery.workflow.TaskQueues;
import java.io.PrintWriter;
import java.util.List;
import java.util.Set;
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
      defaultValue = TaskQueues.DISTILL + "," + TaskQueues.LLM,
      description =
          "Task queues to poll (default: ${DEFAULT-VALUE}). "
              + TaskQueues.DISTILL
              + " runs workflows and storage work, "
              + TaskQueues.LLM
              + " the shards that call models, "
              + TaskQueues.GPU
              + " (opt in, on training machines) train stages' commands and evals that serve"
              + " their model; it runs one such job at a time.")
  List<String> taskQueues;

  @Option(
      names = "--max-activities",
      defaultValue = "4",
      description = "Stage activities run at once (default: ${DEFAULT-VALUE}).")
  int maxActivities;

  @Option(
      names = "--max-shards",
      defaultValue = "4",
      description =
          "Model-calling shards run at once; each keeps up to its stage's concurrency requests"
              + " in flight (default: ${DEFAULT-VALUE}).")
  int maxShards;

  @Option(
      names = "--shards-per-second",
      defaultValue = "0",
      description =
          "Shard starts per second across all workers of the "
              + TaskQueues.LLM
              + " queue, enforced by the Temporal server; 0 for no limit (default:"
              + " ${DEFAULT-VALUE}).")
  double shardsPerSecond;

  @Override
  public Integer call() throws Exception {
    for (String queue : taskQueues) {
      if (!WorkerSettings.knownQueues().contains(queue)) {
        throw new UserException(
            ExitCodes.INVALID_INPUT,
            "unknown task queue '"
                + queue
                + "'. Known task queues: "
                + String.join(", ", WorkerSettings.knownQueues())
                + ".");
      }
    }
    if (maxActivities < 1 || maxShards < 1 || shardsPerSecond < 0) {
      throw new UserException(
          ExitCodes.INVALID_INPUT,
          "--max-activities and --max-shards must be at least 1 and --shards-per-second at least"
              + " 0.");
    }
    PrintWriter out = spec.commandLine().getOut();
    try (Stack stack = root.connect()) {
      stack.startWorker(
          new WorkerSettings(Set.copyOf(taskQueues), maxActivities, maxShards, shardsPerSecond));
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
