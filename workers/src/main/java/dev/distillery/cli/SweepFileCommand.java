package dev.distillery.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * A command that starts the sweep of a file ({@code run}, {@code submit}): its {@code SWEEP.yaml}
 * argument, the execution options, the width of the result table it prints, the root command (for
 * settings) and the command's own spec (for its output).
 */
abstract class SweepFileCommand implements Callable<Integer> {
  @ParentCommand Distill root;
  @Spec CommandSpec spec;

  @Parameters(paramLabel = "SWEEP.yaml", description = "A sweep file or a recipe file.")
  Path file;

  @Mixin ExecutionOptions execution;

  @Mixin TableWidth width;
}
