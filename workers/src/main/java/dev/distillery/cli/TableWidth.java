package dev.distillery.cli;

import java.util.Map;
import picocli.CommandLine.Option;

/**
 * The {@code --wide} option of the commands that print tables, and how wide their tables may be:
 * the {@code COLUMNS} setting, 100 characters without it, unlimited with {@code --wide}.
 */
final class TableWidth {
  /** The width when {@code COLUMNS} is not set (or not a number). */
  static final int DEFAULT = 100;

  /** No limit: every column in full. */
  static final int UNLIMITED = Integer.MAX_VALUE;

  @Option(
      names = "--wide",
      description =
          "Print tables in full, however wide (default: fit in COLUMNS characters, or "
              + DEFAULT
              + ", cutting long values with … and leaving out columns that do not fit).")
  boolean wide;

  /** The width tables must fit in, for the settings in {@code environment}. */
  int columns(Map<String, String> environment) {
    return wide ? UNLIMITED : of(environment);
  }

  /** {@code COLUMNS} when it is a sensible number, else {@link #DEFAULT}. */
  static int of(Map<String, String> environment) {
    try {
      int columns = Integer.parseInt(environment.getOrDefault("COLUMNS", "").strip());
      return columns >= 20 ? columns : DEFAULT;
    } catch (NumberFormatException e) {
      return DEFAULT;
    }
  }
}
