package dev.distillery.cli;

import dev.distillery.worker.Stack;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * A subcommand of {@code distill artifacts}: it checks its arguments, opens the store as its parent
 * command says, works on it and prints to the command's output.
 */
abstract class ArtifactsSubcommand implements Callable<Integer> {
  @ParentCommand ArtifactsCommand parent;
  @Spec CommandSpec spec;

  @Override
  public final Integer call() throws Exception {
    checkArguments();
    try (Stack stack = parent.openStore()) {
      return call(stack, spec.commandLine().getOut());
    }
  }

  /** A user error for arguments that are wrong on their own, before the store is opened. */
  void checkArguments() throws UserException {}

  /** The subcommand's work on the open store; returns the exit code. */
  abstract int call(Stack stack, PrintWriter out) throws Exception;
}
