package dev.distillery.cli;

import dev.distillery.config.ConfigException;
import dev.distillery.recipe.KindCatalogueException;
import dev.distillery.recipe.RecipeException;
import dev.distillery.store.PermanentStorageException;
import dev.distillery.store.StorageUnavailableException;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * How an error that ends a command reads on stderr, and its exit code (see {@link ExitCodes}): one
 * paragraph naming what went wrong and the fix, never a stack trace. Only errors nobody foresaw are
 * reported as bugs.
 */
final class UserErrors {
  private UserErrors() {}

  /** The paragraph printed for an error thrown by a command. */
  static String message(Exception e) {
    if (e instanceof RecipeException r) {
      return r.getMessage() + "\n" + Plural.of(r.problems().size(), "problem") + " found.";
    }
    if (e instanceof UserException
        || e instanceof ConfigException
        || e instanceof PermanentStorageException) {
      return "error: " + e.getMessage();
    }
    KindCatalogueException kinds = cause(e, KindCatalogueException.class);
    if (kinds != null) {
      return "error: " + kinds.getMessage();
    }
    StorageUnavailableException storage = cause(e, StorageUnavailableException.class);
    if (storage != null) {
      return "error: " + storage.getMessage() + ".";
    }
    if (temporalUnavailable(e)) {
      return "error: Temporal stopped answering ("
          + cause(e, StatusRuntimeException.class).getMessage()
          + "). Check that it (or `distill dev`) is running and TEMPORAL_ADDRESS, then run the"
          + " command again; submitted work goes on.";
    }
    return "error: "
        + e
        + "\nThis looks like a bug in Distillery; please report it with the"
        + " command you ran.";
  }

  /** The exit code of an error thrown by a command. */
  static int exitCode(Exception e) {
    if (e instanceof UserException u) {
      return u.exitCode();
    }
    if (e instanceof ServiceUnreachableException
        || cause(e, StorageUnavailableException.class) != null
        || temporalUnavailable(e)) {
      return ExitCodes.UNAVAILABLE;
    }
    if (e instanceof RecipeException
        || e instanceof ConfigException
        || cause(e, KindCatalogueException.class) != null) {
      return ExitCodes.INVALID_INPUT;
    }
    return ExitCodes.FAILED;
  }

  /**
   * Reports a command line that does not parse (an unknown command or option, a bad value): the
   * problem, picocli's "did you mean", and where the usage is, instead of the whole usage.
   */
  static int parameterError(ParameterException e, String[] args) {
    CommandLine command = e.getCommandLine();
    PrintWriter err = command.getErr();
    String name = command.getCommandSpec().qualifiedName();
    if (e instanceof UnmatchedArgumentException u
        && !command.getSubcommands().isEmpty()
        && !u.getUnmatched().isEmpty()
        && !u.getUnmatched().get(0).startsWith("-")) {
      err.println("error: `" + name + "` has no command '" + u.getUnmatched().get(0) + "'.");
    } else {
      err.println("error: " + e.getMessage());
    }
    UnmatchedArgumentException.printSuggestions(e, err);
    err.println("`" + name + " --help` shows the usage.");
    return ExitCodes.INVALID_INPUT;
  }

  /**
   * Whether {@code e} says that Temporal, or the workers that answer its queries, did not answer.
   */
  static boolean temporalUnavailable(Throwable e) {
    StatusRuntimeException grpc = cause(e, StatusRuntimeException.class);
    return grpc != null
        && (grpc.getStatus().getCode() == Status.Code.UNAVAILABLE
            || grpc.getStatus().getCode() == Status.Code.DEADLINE_EXCEEDED);
  }

  private static <T extends Throwable> T cause(Throwable e, Class<T> type) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (type.isInstance(t)) {
        return type.cast(t);
      }
    }
    return null;
  }
}
