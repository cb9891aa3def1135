package dev.distillery.cli;

import dev.distillery.worker.Stack;
import dev.distillery.workflow.SweepControl;
import dev.distillery.workflow.SweepControlState;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code distill control}: pause, unpause, or change the parallelism of a running sweep. */
@Command(
    name = "control",
    mixinStandardHelpOptions = true,
    description = {
      "Steer a running sweep. --pause stops it from starting new experiments (running ones go"
          + " on); --unpause lets it go on; --parallelism N changes how many experiments run at"
          + " once, at once. The sweep checks the change and prints the state it accepted.",
      "Examples: `distill control my-sweep --pause`, `distill control my-sweep --parallelism 32"
          + " --unpause`."
    })
final class ControlCommand extends SweepCommand {
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
    PrintWriter out = spec.commandLine().getOut();
    try (Stack stack = root().connect()) {
      new SweepClient(stack.client(), stack.blobs())
          .requireProgress(sweep, stack.temporalAddress());
      // One Update: the sweep validates the change and answers with the state it accepted.
      SweepControlState accepted =
          SweepUpdates.send(
              stack.client(),
              sweep,
              workflow ->
                  workflow.control(
                      new SweepControl(
                          pause ? Boolean.TRUE : unpause ? false : null, parallelism)));
      out.printf(
          "Sweep '%s': %s, at most %s at once, %d not started.%n",
          sweep,
          accepted.paused() ? "paused" : "running",
          Plural.of(accepted.parallelism(), "experiment"),
          accepted.notStarted());
      return ExitCodes.OK;
    }
  }
}
