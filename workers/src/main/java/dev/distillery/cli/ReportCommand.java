package dev.distillery.cli;

import dev.distillery.config.ConfigException;
import dev.distillery.report.ReportData;
import dev.distillery.report.ReportKeys;
import dev.distillery.report.ReportMarkdown;
import dev.distillery.report.ReportPage;
import dev.distillery.store.BlobStore;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code distill report}: a sweep as one HTML page with plots, plus Markdown and CSV. */
@Command(
    name = "report",
    mixinStandardHelpOptions = true,
    description = {
      "Write a sweep's report: one self-contained HTML page (opens without a network) with the"
          + " results table, a plot of every benchmark's scores (avg ± std_err) by experiment and"
          + " against each numeric axis, budget and spend, and sample rows of each experiment's"
          + " last export with the reasoning folded; Markdown and CSV beside it.",
      "Written to FILE, FILE's name with .md and .csv, and the store under"
          + " sweeps/SWEEP/report/. Reads the sweep as `distill results` does; changes nothing"
          + " else."
    })
final class ReportCommand extends SweepCommand {
  @Option(
      names = "--out",
      paramLabel = "FILE",
      description = "The HTML file to write (default: ./SWEEP-report.html).")
  Path out;

  @Override
  public Integer call() throws Exception {
    Path html = out != null ? out : Path.of(sweep + "-report.html");
    Path folder = html.toAbsolutePath().getParent();
    if (!Files.isDirectory(folder)) {
      throw new UserException(
          ExitCodes.INVALID_INPUT,
          "--out "
              + html
              + ": the folder "
              + folder
              + " does not exist. Create it (mkdir -p) or write the report elsewhere.");
    }
    PrintWriter stdout = spec.commandLine().getOut();
    try (SweepViews views = SweepViews.openWritable(root())) {
      write(views, sweep, html, stdout);
    }
    stdout.flush();
    return ExitCodes.OK;
  }

  /**
   * Writes the report of {@code sweep} to {@code html} (with {@code .md} and {@code .csv} beside
   * it) and to the store, printing where each went.
   */
  static void write(SweepViews views, String sweep, Path html, PrintWriter stdout)
      throws IOException, UserException, ConfigException {
    String base = html.getFileName().toString().replaceFirst("\\.html?$", "");
    ReportLoader loader = new ReportLoader(views);
    ReportData data = loader.load(sweep);
    Map<Path, String> files = new LinkedHashMap<>();
    files.put(html, ReportPage.html(data));
    files.put(html.resolveSibling(base + ".md"), ReportMarkdown.of(data));
    files.put(html.resolveSibling(base + ".csv"), loader.csv());
    for (Map.Entry<Path, String> f : files.entrySet()) {
      write(f.getKey(), f.getValue(), html);
      stdout.println("Wrote " + f.getKey());
    }
    List<String> contents = List.copyOf(files.values());
    BlobStore blobs = views.store().blobs();
    blobs.put(ReportKeys.html(sweep), bytes(contents.get(0)));
    blobs.put(ReportKeys.markdown(sweep), bytes(contents.get(1)));
    blobs.put(ReportKeys.csv(sweep), bytes(contents.get(2)));
    stdout.printf(
        "Stored the report of sweep '%s' (%s) at %s%n",
        sweep, Plural.of(data.rows().size(), "experiment"), blobs.uri(ReportKeys.html(sweep)));
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static void write(Path file, String content, Path html) throws UserException {
    try {
      Files.writeString(file, content, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UserException(
          ExitCodes.INVALID_INPUT,
          "cannot write "
              + file
              + " for the report "
              + html
              + " ("
              + e.getMessage()
              + "). Check that its folder exists and is writable.");
    }
  }
}
