package dev.distillery.cli;

import dev.distillery.config.DevStack;
import dev.distillery.config.DistillConfig;
import dev.distillery.plan.PlanRerun;
import dev.distillery.plan.SweepPlan;
import dev.distillery.worker.Stack;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code distill resume}: run again whatever a sweep is missing. */
@Command(
    name = "resume",
    mixinStandardHelpOptions = true,
    description = {
      "Run a sweep again from the plan saved in the store when it was submitted. Every stage"
          + " whose manifest exists is reused, so only failed, cancelled or never-started work"
          + " runs. Works after the Temporal server lost its state. --rerun-from STAGE forces a"
          + " stage and everything after it to run again.",
      "Uses TEMPORAL_ADDRESS and DISTILL_STORE, or a running `distill dev`; without either it"
          + " starts the embedded services and a worker in this process and follows the sweep to"
          + " its end, as `run` does."
    })
final class ResumeCommand extends SweepCommand {
  @Option(
      names = "--wait",
      description =
          "Follow the sweep to its end and print the table (always, without a `distill dev`).")
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

  @Option(
      names = "--max-activities",
      defaultValue = "4",
      description =
          "Without a `distill dev`: stage activities the in-process worker runs at once"
              + " (default: ${DEFAULT-VALUE}).")
  int maxActivities;

  @Mixin ExecutionOptions execution;

  @Mixin TableWidth width;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    DistillConfig config = root().config();
    boolean inProcess =
        (config.embeddedTemporal() || config.embeddedStore())
            && DevStack.findRunning(config.home()).isEmpty();
    try (Stack stack = inProcess ? inProcess(config, out) : root().connect()) {
      SweepClient sweeps = new SweepClient(stack.client(), stack.blobs());
      SweepPlan plan = sweeps.requireSavedPlan(sweep, String.valueOf(stack.storeLocation()));
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
      if (!wait && !inProcess) {
        return ExitCodes.OK;
      }
      return ResultTable.report(sweeps.await(sweep, out), out, width.columns(root().environment()));
    }
  }

  /**
   * With no services configured and no {@code distill dev}: the embedded services and a worker in
   * this process, as {@code run} has them, so the sweep is followed to its end.
   */
  private Stack inProcess(DistillConfig config, PrintWriter out) throws Exception {
    Stack stack =
        Stack.openForWork(
            config,
            0,
            0,
            "distill resume " + sweep,
            false,
            notice -> {
              out.println(notice);
              out.flush();
            });
    if (stack.onDevStack()) {
      return stack; // A dev started while this waited: its worker does the work.
    }
    try {
      stack.startWorker(maxActivities);
    } catch (RuntimeException e) {
      stack.close();
      throw e;
    }
    out.printf(
        "No `distill dev` runs for this DISTILL_HOME: resuming with services in this process,"
            + " to the sweep's end (as `run` does).%n");
    stack.temporalUi().ifPresent(ui -> out.printf("Temporal UI %s%n", ui));
    return stack;
  }
}
