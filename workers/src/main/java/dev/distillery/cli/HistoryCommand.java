package dev.distillery.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code distill history}: the workflow histories of sweeps, kept for audit. */
@Command(
    name = "history",
    mixinStandardHelpOptions = true,
    description = {
      "The Temporal workflow histories of a sweep (sweep, experiments, stages).",
      "Each sweep stores them in the store beside its records when it ends, so they outlive the"
          + " server (the embedded test server forgets everything when it stops)."
    },
    subcommands = {HistoryExportCommand.class})
final class HistoryCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
