package dev.distillery.cli;

import dev.distillery.plan.PlanRerun;
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
          + " runs. Works after the Temporal server lost its state. --rerun-from STAGE forces a"
          + " stage and everything after it to run again.",
      "Needs TEMPORAL_ADDRESS and DISTILL_STORE, or a running `distill dev`."
    })
final class ResumeCommand implements Callable<Integer> {
  @ParentCommand Distill root;
  @Spec CommandSpec spec;

  @Parameters(
      paramLabel = "SWEEP",
      description = "The sweep name.",
      converter = SweepNameConverter.class)
  String sweep;

  @Option(names = "--wait", description = "Follow the sweep to its end and print the table.")
  boolean wait;

  @Option(
      names = "--rerun-from",
      paramLabel = "STAGE",
      description =
          "Compute this stage and everything downstream again, even where manifests exist. The"
              + " old artifacts stay; the rerun gets new content addresses (a `rerun` param one"
              + " higher). Upstream stages are still reused.")
  String rerunFrom;

  @Option(
      names = "--experiment",
      paramLabel = "NAME",
      description = "With --rerun-from: only these experiments (repeatable); default all.")
  java.util.List<String> experiments = java.util.List.of();

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
      if (rerunFrom != null) {
        if (sweeps.isRunning(sweep)) {
          throw new UserException(
              ExitCodes.INVALID_INPUT,
              "sweep '"
                  + sweep
                  + "' is running; a rerun would change its plan under it. Wait for it, or"
                  + " `distill cancel "
                  + sweep
                  + "` first.");
        }
        try {
          plan = PlanRerun.from(plan, rerunFrom, new java.util.HashSet<>(experiments));
        } catch (IllegalArgumentException e) {
          throw new UserException(
              ExitCodes.INVALID_INPUT,
              e.getMessage()
                  + ". Stage ids: "
                  + String.join(
                      ", ",
                      plan.experiments().get(0).stages().stream()
                          .map(dev.distillery.plan.PlannedStage::id)
                          .toList())
                  + "; `distill status "
                  + sweep
                  + "` lists the experiments.");
        }
        out.printf(
            "Rerunning '%s' and the stages after it in %s.%n",
            rerunFrom, experiments.isEmpty() ? "every experiment" : String.join(", ", experiments));
      } else if (!experiments.isEmpty()) {
        throw new UserException(
            ExitCodes.INVALID_INPUT, "--experiment needs --rerun-from STAGE to say what to rerun.");
      } else if (sweeps.isRunning(sweep)) {
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
