package dev.distillery.cli;

import dev.distillery.config.ConfigException;
import dev.distillery.config.DistillConfig;
import dev.distillery.worker.Stack;
import dev.distillery.worker.Version;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

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
      ReportCommand.class,
      BudgetCommand.class,
      ResumeCommand.class,
      CancelCommand.class,
      ControlCommand.class,
      WorkerCommand.class,
      ValidateCommand.class,
      KindsCommand.class,
      GradeCommand.class,
      PlanCommand.class,
      LsCommand.class,
      ArtifactsCommand.class,
      HistoryCommand.class,
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
    return connect(Stack.Mode.CONNECT);
  }

  /** As {@link #connect()}, in {@code mode} ({@link Stack.Mode#OBSERVE} for read-only commands). */
  Stack connect(Stack.Mode mode) throws ConfigException, java.io.IOException {
    Stack stack = Stack.open(config(), mode, 0, 0);
    try {
      stack.checkTemporal();
      return stack;
    } catch (ConfigException e) {
      stack.close();
      throw new ServiceUnreachableException(e.getMessage());
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
          commandLine.getErr().println(UserErrors.message(e));
          return UserErrors.exitCode(e);
        });
    cli.setParameterExceptionHandler(UserErrors::parameterError);
    cli.setExecutionStrategy(
        parseResult -> {
          // picocli ignores what it could not match once --help is given: `distill nosuch --help`
          // would print the root usage and exit 0.
          for (ParseResult r = parseResult; r != null; r = r.subcommand()) {
            if (!r.unmatched().isEmpty()) {
              throw new UnmatchedArgumentException(r.commandSpec().commandLine(), r.unmatched());
            }
          }
          return new CommandLine.RunLast().execute(parseResult);
        });
    return cli;
  }

  /** Prints the version from the jar manifest. */
  static final class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"distill " + Version.get()};
    }
  }
}
