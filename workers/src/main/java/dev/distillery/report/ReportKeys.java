package dev.distillery.report;

import dev.distillery.plan.SweepStoreKeys;

/**
 * Where {@code distill report} stores a sweep's report, beside the sweep's records: {@code
 * sweeps/<sweep>/report/index.html}, {@code report.md} and {@code report.csv}. Each report replaces
 * the last.
 */
public final class ReportKeys {
  private ReportKeys() {}

  /** The folder of the report, ending in a slash. */
  public static String folder(String sweep) {
    return SweepStoreKeys.folder(sweep) + "report/";
  }

  /** The HTML page. */
  public static String html(String sweep) {
    return folder(sweep) + "index.html";
  }

  /** The Markdown page. */
  public static String markdown(String sweep) {
    return folder(sweep) + "report.md";
  }

  /** The results as CSV, as {@code distill results --format csv} writes them. */
  public static String csv(String sweep) {
    return folder(sweep) + "report.csv";
  }
}
