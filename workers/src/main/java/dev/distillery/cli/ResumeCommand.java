package dev.distillery.cli;

import dev.distillery.plan.SweepPlan;
import dev.distillery.worker.Stack;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code distill resume}: run again whatever a sweep is missing. */
@Command(
    name = "resume",
    mixinStandardHelpOptions = true,
    description = {
      "Run a sweep again from the plan saved in the store when it was submitted. Every stage"
          + " whose manifest exists is reused, so only failed, cancelled or never-started work"
          + " runs. Works after the Temporal server lost its state.",
      "Needs TEMPORAL_ADDRESS and DISTILL_STORE, or a running `distill dev`."
    })
final class ResumeCommand implements Callable<Integer> {
  @ParentCommand Distill root;
  @Spec CommandSpec spec;

  @Parameters(paramLabel = "SWEEP", description = "The sweep name.")
  String sweep;

  @Option(names = "--wait", description = "Follow the sweep to its end and print the table.")
  boolean wait;

  @Mixin ExecutionOptions execution;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    try (Stack stack = root.connect()) {
      SweepClient sweeps = new SweepClient(stack.client(), stack.blobs());
      SweepPlan plan =
          sweeps
              .savedPlan(sweep)
              .orElseThrow(
                  () ->
                      new UserException(
                          ExitCodes.UNAVAILABLE,
                          "the store "
                              + stack.storeLocation()
                              + " has no saved plan for sweep '"
                              + sweep
                              + "' ("
                              + SweepClient.planKey(sweep)
                              + "). Check the name,"
                              + " or submit the sweep file again."));
      if (sweeps.isRunning(sweep)) {
        out.printf("Sweep '%s' is still running; attaching to it.%n", sweep);
      }
      sweeps.submit(plan, execution.settings(), out);
      if (!wait) {
        return ExitCodes.OK;
      }
      return ResultTable.report(sweeps.await(sweep, out), out);
    }
  }
}
