package dev.distillery.cli;

import dev.distillery.config.DistillConfig;
import dev.distillery.plan.SweepPlan;
import dev.distillery.worker.Stack;
import dev.distillery.workflow.ExecutionSettings;
import dev.distillery.workflow.SweepResult;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code distill submit}: hand a sweep to running workers. */
@Command(
    name = "submit",
    mixinStandardHelpOptions = true,
    description = {
      "Submit a sweep to the configured Temporal server (or a running `distill dev`) for"
          + " workers to run. Submitting a sweep that is already running attaches to it.",
      "Needs TEMPORAL_ADDRESS and DISTILL_STORE, or a running `distill dev`."
    })
final class SubmitCommand implements Callable<Integer> {
  @ParentCommand Distill root;
  @Spec CommandSpec spec;

  @Parameters(paramLabel = "SWEEP.yaml", description = "A sweep file or a recipe file.")
  Path file;

  @Option(names = "--wait", description = "Follow the sweep to its end and print the table.")
  boolean wait;

  @Option(
      names = "--heartbeat-timeout",
      defaultValue = "60",
      description =
          "Seconds of silence before a stage attempt is presumed dead (default: ${DEFAULT-VALUE}).")
  int heartbeatTimeout;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    SweepPlan plan = SweepFiles.plan(file);
    DistillConfig config = DistillConfig.fromEnvironment(root.environment());
    try (Stack stack = Stack.open(config, Stack.Mode.CONNECT, 0, 0)) {
      stack.checkTemporal();
      SweepClient sweeps = new SweepClient(stack.client(), stack.blobs());
      sweeps.submit(plan, new ExecutionSettings(heartbeatTimeout, 300), out);
      if (!wait) {
        out.printf("Follow it with: ./distill status %s%n", plan.sweep());
        return ExitCodes.OK;
      }
      SweepResult result = sweeps.await(plan.sweep(), out);
      out.println();
      ResultTable.print(result, out);
      return result.failed() == 0 ? ExitCodes.OK : ExitCodes.FAILED;
    }
  }
}
