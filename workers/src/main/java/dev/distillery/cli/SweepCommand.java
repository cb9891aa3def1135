package dev.distillery.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * A command about one sweep: its {@code SWEEP} argument, checked against the name rule before
 * anything is read, the root command (for settings) and the command's own spec (for its output).
 */
abstract class SweepCommand implements Callable<Integer> {
  @ParentCommand Distill root;
  @Spec CommandSpec spec;

  @Parameters(
      paramLabel = "SWEEP",
      description = "The sweep name.",
      converter = SweepNameConverter.class)
  String sweep;
}
