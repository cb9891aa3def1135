package dev.distillery.cli;

import java.io.PrintWriter;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code distill status}: where a sweep stands. */
@Command(
    name = "status",
    mixinStandardHelpOptions = true,
    description = {
      "Show a sweep's experiments by stages (reused, done, running with rows, waiting, failed),"
          + " each one's final artifact (its last stage's KIND/KEY, for `distill artifacts`),"
          + " totals, tokens and cost of the finished stages, and budgets.",
      "Asks Temporal; when it does not know the sweep (an embedded server forgets sweeps when it"
          + " stops), shows what the store recorded."
    })
final class StatusCommand extends SweepCommand {
  /** ANSI: cursor home, clear screen. */
  static final String CLEAR = "\033[H\033[2J";

  @Option(names = "--json", description = "Print a JSON document for scripts.")
  boolean json;

  @Option(
      names = "--watch",
      description = "Refresh until the sweep ends (or Ctrl-C, which leaves the sweep running).")
  boolean watch;

  @Option(
      names = "--interval",
      paramLabel = "SECONDS",
      defaultValue = "2",
      description = "Seconds between refreshes with --watch (default: ${DEFAULT-VALUE}).")
  double interval;

  @Mixin TableWidth width;

  /** Whether stdout is a terminal that can be redrawn; tests and pipes get snapshots. */
  boolean terminal = System.console() != null;

  @Override
  public Integer call() throws Exception {
    if (!(interval > 0) || interval > 86_400) {
      throw new UserException(
          ExitCodes.INVALID_INPUT,
          "--interval " + interval + " is out of range; give seconds between 0 and 86400, e.g. 2.");
    }
    PrintWriter out = spec.commandLine().getOut();
    try (SweepViews views = SweepViews.open(root())) {
      for (int snapshot = 0; ; snapshot++) {
        SweepView view = views.load(sweep);
        StatusReport report = new StatusReport(view, views.spend());
        if (watch && !json && terminal) {
          out.print(CLEAR);
        } else if (watch && !json && snapshot > 0) {
          out.println("-- " + LocalTime.now().truncatedTo(ChronoUnit.SECONDS));
        }
        if (json) {
          out.println(report.json(watch));
        } else {
          report.printText(out, width.columns(root().environment()));
        }
        out.flush();
        if (!watch || view.over()) {
          return ExitCodes.OK;
        }
        try {
          Thread.sleep(Math.round(interval * 1000));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return ExitCodes.INTERRUPTED; // Watching stops; the sweep goes on.
        }
      }
    }
  }
}
