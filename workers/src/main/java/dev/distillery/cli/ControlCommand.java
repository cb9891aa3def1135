package dev.distillery.cli;

import dev.distillery.worker.Stack;
import dev.distillery.workflow.SweepProgress;
import dev.distillery.workflow.SweepWorkflow;
import dev.distillery.workflow.WorkflowIds;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code distill control}: pause, unpause, or change the parallelism of a running sweep. */
@Command(
    name = "control",
    mixinStandardHelpOptions = true,
    description = {
      "Steer a running sweep. --pause stops it from starting new experiments (running ones go"
          + " on); --unpause lets it go on; --parallelism N changes how many experiments run at"
          + " once, at once. Prints the sweep's state afterwards.",
      "Examples: `distill control my-sweep --pause`, `distill control my-sweep --parallelism 32"
          + " --unpause`."
    })
final class ControlCommand implements Callable<Integer> {
  @ParentCommand Distill root;
  @Spec CommandSpec spec;

  @Parameters(
      paramLabel = "SWEEP",
      description = "The sweep name.",
      converter = SweepNameConverter.class)
  String sweep;

  @Option(names = "--pause", description = "Start no new experiment.")
  boolean pause;

  @Option(names = "--unpause", description = "Start experiments again.")
  boolean unpause;

  @Option(
      names = "--parallelism",
      paramLabel = "N",
      description = "Run at most N experiments at once (N >= 1).")
  Integer parallelism;

  @Override
  public Integer call() throws Exception {
    if (pause && unpause) {
      throw new UserException(ExitCodes.INVALID_INPUT, "pass --pause or --unpause, not both.");
    }
    if (parallelism != null && parallelism < 1) {
      throw new UserException(
          ExitCodes.INVALID_INPUT, "--parallelism must be at least 1, not " + parallelism + ".");
    }
    PrintWriter out = spec.commandLine().getOut();
    try (Stack stack = root.connect()) {
      SweepClient sweeps = new SweepClient(stack.client(), stack.blobs());
      sweeps.requireProgress(sweep, stack.temporalAddress());
      SweepWorkflow workflow =
          stack.client().newWorkflowStub(SweepWorkflow.class, WorkflowIds.sweep(sweep));
      // Pause first and unpause last: a wider window must not start experiments in between.
      if (pause) {
        workflow.pause();
      }
      if (parallelism != null) {
        workflow.setParallelism(parallelism);
      }
      if (unpause) {
        workflow.unpause();
      }
      SweepProgress p = sweeps.requireProgress(sweep, stack.temporalAddress());
      out.printf(
          "Sweep '%s': %s, at most %d experiments at once, %d not started.%n",
          sweep, p.paused() ? "paused" : "running", p.parallelism(), p.notStarted());
      return ExitCodes.OK;
    }
  }
}
