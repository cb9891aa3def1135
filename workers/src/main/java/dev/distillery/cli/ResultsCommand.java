package dev.distillery.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code distill results}: one row per experiment with its axis values, state and metrics. */
@Command(
    name = "results",
    mixinStandardHelpOptions = true,
    description = {
      "One row per experiment: its axis values, state and metrics (rows out of its last stage,"
          + " scores, tokens and cost of its artifacts, rows in and out per stage) and its final"
          + " artifact (its last stage's KIND/KEY, for `distill artifacts`).",
      "The text table fits in COLUMNS characters (100 without it): axes under short names"
          + " explained below it, long values cut with …, columns that do not fit left out;"
          + " --wide, csv or json show everything.",
      "Asks Temporal; when it does not know the sweep, reads the records in the store."
    })
final class ResultsCommand extends SweepCommand {
  @Option(
      names = "--format",
      paramLabel = "FORMAT",
      defaultValue = "text",
      description = "text, csv (RFC 4180) or json (an array of objects); default ${DEFAULT-VALUE}.")
  String format;

  @Option(
      names = "--output",
      paramLabel = "FILE",
      description = "Write to FILE instead of standard output.")
  Path output;

  @Mixin TableWidth width;

  @Override
  public Integer call() throws Exception {
    ResultFormat chosen = ResultFormat.parse(format);
    List<ResultRow> rows;
    try (SweepViews views = SweepViews.open(root())) {
      rows = ResultRows.of(views.load(sweep), views.spend(), views.scores());
    }
    PrintWriter out = spec.commandLine().getOut();
    if (output == null) {
      chosen.write(rows, out, width.columns(root().environment()));
      out.flush();
      return ExitCodes.OK;
    }
    StringWriter text = new StringWriter();
    try (PrintWriter buffer = new PrintWriter(text)) {
      chosen.write(rows, buffer);
    }
    try {
      Files.writeString(output, text.toString(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UserException(
          ExitCodes.INVALID_INPUT,
          "cannot write --output "
              + output
              + " ("
              + e.getMessage()
              + "). Check that its folder exists and is writable.");
    }
    out.printf(
        "Wrote %s of sweep '%s' to %s.%n", Plural.of(rows.size(), "experiment"), sweep, output);
    return ExitCodes.OK;
  }
}
