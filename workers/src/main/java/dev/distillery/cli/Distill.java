package dev.distillery.cli;

import dev.distillery.config.ConfigException;
import dev.distillery.config.DistillConfig;
import dev.distillery.recipe.RecipeException;
import dev.distillery.store.PermanentStorageException;
import dev.distillery.worker.Stack;
import dev.distillery.worker.Version;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code distill} command line. */
@Command(
    name = "distill",
    mixinStandardHelpOptions = true,
    versionProvider = Distill.VersionProvider.class,
    description = "Durable, resumable sweeps of reasoning-data recipes on Temporal and S3.",
    subcommands = {
      RunCommand.class,
      DevCommand.class,
      SubmitCommand.class,
      StatusCommand.class,
      ResultsCommand.class,
      BudgetCommand.class,
      ResumeCommand.class,
      CancelCommand.class,
      ControlCommand.class,
      WorkerCommand.class,
      ValidateCommand.class,
      KindsCommand.class,
      PlanCommand.class,
      LsCommand.class,
      ArtifactsCommand.class,
      CommandLine.HelpCommand.class
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:success",
      "1:some experiments or checks failed",
      "2:invalid input (recipe, sweep, option or setting)",
      "3:a service is unreachable or does not know the sweep",
      "130:interrupted (submitted work goes on)"
    })
public final class Distill implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  private final Map<String, String> environment;

  Distill(Map<String, String> environment) {
    this.environment = Map.copyOf(environment);
  }

  /** The environment the settings are read from (the process's, or a test's). */
  Map<String, String> environment() {
    return environment;
  }

  /** The settings, parsed once from the environment. */
  DistillConfig config() throws ConfigException {
    return DistillConfig.fromEnvironment(environment);
  }

  /** Connects to the configured services or a running {@code distill dev}, checking Temporal. */
  Stack connect() throws ConfigException, java.io.IOException {
    Stack stack = Stack.open(config(), Stack.Mode.CONNECT, 0, 0);
    try {
      stack.checkTemporal();
      return stack;
    } catch (ConfigException e) {
      stack.close();
      throw e;
    }
  }

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  public static void main(String[] args) {
    System.exit(commandLine(System.getenv()).execute(args));
  }

  /** The configured command line, for {@code main} and tests. */
  public static CommandLine commandLine(Map<String, String> environment) {
    CommandLine cli = new CommandLine(new Distill(environment));
    cli.setExecutionExceptionHandler(
        (e, commandLine, parseResult) -> {
          commandLine.getErr().println(message(e));
          return exitCode(e);
        });
    return cli;
  }

  static String message(Exception e) {
    if (e instanceof RecipeException r) {
      return r.getMessage() + "\n" + r.problems().size() + " problem(s) found.";
    }
    if (e instanceof UserException
        || e instanceof ConfigException
        || e instanceof PermanentStorageException) {
      return "error: " + e.getMessage();
    }
    return "error: "
        + e
        + "\nThis looks like a bug in Distillery; please report it with the"
        + " command you ran.";
  }

  static int exitCode(Exception e) {
    if (e instanceof UserException u) {
      return u.exitCode();
    }
    if (e instanceof RecipeException || e instanceof ConfigException) {
      return ExitCodes.INVALID_INPUT;
    }
    return ExitCodes.FAILED;
  }

  /** Prints the version from the jar manifest. */
  static final class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"distill " + Version.get()};
    }
  }
}
