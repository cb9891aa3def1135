package dev.distillery.cli;

/** Exit codes of the {@code distill} command, the same for every subcommand. */
public final class ExitCodes {
  /** Everything succeeded. */
  public static final int OK = 0;

  /** The work ran but some of it failed (an experiment, a checksum). */
  public static final int FAILED = 1;

  /** The input is invalid: a malformed recipe or sweep, a bad option or setting. */
  public static final int INVALID_INPUT = 2;

  /** A service (Temporal, S3) is unreachable or does not know what was asked for. */
  public static final int UNAVAILABLE = 3;

  /** Interrupted by the user (Ctrl-C). Submitted work goes on. */
  public static final int INTERRUPTED = 130;

  private ExitCodes() {}
}
