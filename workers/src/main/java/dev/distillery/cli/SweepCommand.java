package dev.distillery.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * A command about one sweep: its {@code SWEEP} argument, checked against the name rule before
 * anything is read, the root command (for settings) and the command's own spec (for its output). It
 * may sit directly below {@code distill} or deeper ({@code distill history export}).
 */
abstract class SweepCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(
      paramLabel = "SWEEP",
      description = "The sweep name.",
      converter = SweepNameConverter.class)
  String sweep;

  /** The {@code distill} command this one runs under, with the settings. */
  Distill root() {
    return (Distill) spec.root().userObject();
  }
}
