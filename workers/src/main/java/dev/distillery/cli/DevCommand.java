package dev.distillery.cli;

import dev.distillery.config.DevStack;
import dev.distillery.config.DistillConfig;
import dev.distillery.embedded.EmbeddedS3;
import dev.distillery.embedded.HomeLock;
import dev.distillery.worker.Stack;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code distill dev}: a long-lived local stack for working from other terminals. */
@Command(
    name = "dev",
    mixinStandardHelpOptions = true,
    description = {
      "Start a long-lived local stack: Temporal, S3Proxy (data under $DISTILL_HOME), the"
          + " simulated LLM and a worker, all on 127.0.0.1. Temporal is the Temporal CLI's dev"
          + " server (Web UI, history kept in $DISTILL_HOME/temporal) when `temporal` is on PATH"
          + " or DISTILL_TEMPORAL_CLI names it, else the in-process test server.",
      "While it runs, `distill submit`, `status`, `worker` and `artifacts` in other terminals"
          + " use it without any settings. Stop it with Ctrl-C; artifacts stay on disk, but the"
          + " in-memory test server forgets its workflows (their histories are kept in the"
          + " store: `distill history export`)."
    })
final class DevCommand implements Callable<Integer> {
  @ParentCommand Distill root;
  @Spec CommandSpec spec;

  @Option(
      names = "--temporal-port",
      defaultValue = "7233",
      description = "Default: ${DEFAULT-VALUE}.")
  int temporalPort;

  @Option(names = "--s3-port", defaultValue = "9000", description = "Default: ${DEFAULT-VALUE}.")
  int s3Port;

  @Option(names = "--llm-port", defaultValue = "8000", description = "Default: ${DEFAULT-VALUE}.")
  int llmPort;

  @Option(
      names = "--max-activities",
      defaultValue = "4",
      description = "Stage activities the worker runs at once (default: ${DEFAULT-VALUE}).")
  int maxActivities;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    DistillConfig config = root.config();
    java.util.Optional<DevStack> running = DevStack.findRunning(config.home());
    if (running.isPresent() && (config.embeddedTemporal() || config.embeddedStore())) {
      throw new UserException(
          ExitCodes.INVALID_INPUT,
          "a `distill dev` already runs for DISTILL_HOME "
              + config.home()
              + " (Temporal "
              + running.get().temporalAddress()
              + ", "
              + java.util.Objects.requireNonNullElse(HomeLock.holder(config.home()), "its process")
              + "). Use it: `submit`, `status`, `worker` and `artifacts` in any terminal find it"
              + " without settings. To start another, stop that one first, or give this one"
              + " another DISTILL_HOME.");
    }
    if (config.embeddedTemporal()) {
      requireFree("--temporal-port", temporalPort, config);
    }
    if (config.embeddedStore()) {
      requireFree("--s3-port", s3Port, config);
    }
    requireFree("--llm-port", llmPort, config);
    try (Stack stack =
        Stack.openForWork(
            config,
            temporalPort,
            s3Port,
            "distill dev",
            true,
            notice -> {
              out.println(notice);
              out.flush();
            })) {
      URI llm = stack.startSimulator(llmPort);
      stack.startWorker(maxActivities);
      DevStack dev =
          new DevStack(stack.temporalAddress(), stack.s3Endpoint(), stack.storeLocation(), llm);
      CountDownLatch stop = new CountDownLatch(1);
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(
                  () -> {
                    try {
                      DevStack.delete(config.home());
                    } catch (java.io.IOException e) {
                      // The file is ignored once the ports stop answering.
                    }
                    stop.countDown();
                  }));
      out.printf("Distillery dev stack is up (Ctrl-C to stop)%n");
      out.printf(
          "  Temporal       %s  (namespace %s)%n", stack.temporalAddress(), config.namespace());
      stack.temporalUi().ifPresent(ui -> out.printf("  Temporal UI    %s%n", ui));
      out.printf("  S3 endpoint    %s  store %s%n", stack.s3Endpoint(), stack.storeLocation());
      out.printf("  Simulated LLM  %s  (simulator, not a real model)%n", llm);
      out.printf("  Worker         task queue distillery, %d activities at once%n", maxActivities);
      out.printf("%nIn another terminal: ./distill submit recipes/demo/sweep.yaml --wait%n");
      out.printf(
          "Browse artifacts: AWS_ACCESS_KEY_ID=%s AWS_SECRET_ACCESS_KEY=%s aws --endpoint-url %s"
              + " s3 ls --recursive s3://%s/%n",
          EmbeddedS3.ACCESS_KEY,
          EmbeddedS3.SECRET_KEY,
          stack.s3Endpoint(),
          stack.storeLocation().bucket());
      out.flush();
      // Written last: other commands take the file as "the dev stack is ready".
      dev.write(config.home());
      stop.await();
      return ExitCodes.OK;
    }
  }

  /**
   * Fails with the option to change when {@code port} cannot be listened on, before anything starts
   * (0 means any free port).
   */
  private static void requireFree(String option, int port, DistillConfig config)
      throws UserException {
    if (port < 0 || port > 65_535) {
      throw new UserException(
          ExitCodes.INVALID_INPUT,
          option + " " + port + " is not a port; give 1 to 65535, or 0 for any free port.");
    }
    if (port == 0) {
      return;
    }
    try (ServerSocket socket = new ServerSocket()) {
      socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
    } catch (IOException e) {
      throw new UserException(
          ExitCodes.INVALID_INPUT,
          "port "
              + port
              + " on 127.0.0.1 ("
              + option
              + ") is in use"
              + (DevStack.findRunning(config.home()).isPresent()
                  ? ", probably by the `distill dev` already running for this DISTILL_HOME (use it,"
                      + " or stop it)"
                  : "")
              + ". Stop what listens there, or give another port, e.g. `distill dev "
              + option
              + " 0` for any free one.");
    }
  }
}
