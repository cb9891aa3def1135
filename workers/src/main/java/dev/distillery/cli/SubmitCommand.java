package dev.distillery.cli;

import dev.distillery.plan.SweepPlan;
import dev.distillery.worker.Stack;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code distill submit}: hand a sweep to running workers. */
@Command(
    name = "submit",
    mixinStandardHelpOptions = true,
    description = {
      "Submit a sweep to the configured Temporal server (or a running `distill dev`) for"
          + " workers to run. Submitting a sweep that is already running attaches to it.",
      "Needs TEMPORAL_ADDRESS and DISTILL_STORE, or a running `distill dev`."
    })
final class SubmitCommand extends SweepFileCommand {
  @Option(names = "--wait", description = "Follow the sweep to its end and print the table.")
  boolean wait;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    SweepPlan plan = SweepFiles.plan(file);
    SeedOverlaps.warnings(plan).forEach(out::println);
    try (Stack stack = root.connect()) {
      SweepClient sweeps = new SweepClient(stack.client(), stack.blobs());
      sweeps.submit(plan, execution.settings(), out);
      if (!wait) {
        out.printf("Follow it with: ./distill status %s%n", plan.sweep());
        return ExitCodes.OK;
      }
      return ResultTable.report(
          sweeps.await(plan.sweep(), out), out, width.columns(root.environment()));
    }
  }
}
