package dev.distillery.cli;

import dev.distillery.plan.StageKeySet;
import dev.distillery.recipe.Axis;
import dev.distillery.recipe.Sweep;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * How many experiments one sweep may have, and the user error that says how to split a bigger one.
 * Counting needs no expansion, so a sweep of 10^20 experiments is refused at once.
 */
final class SweepLimits {
  /**
   * The most experiments {@code run} and {@code submit} take in one sweep. The sweep workflow pages
   * through its experiments and continues as new, so Temporal takes any number; the limit is the
   * plan, saved as one document that every worker and {@code status}, {@code results} and {@code
   * resume} read whole (about 3 KiB an experiment of the demo recipe: 32 MB at this limit).
   */
  static final int RUN = 10_000;

  /**
   * The most experiments {@code validate} and {@code plan} expand. They stream the experiments, so
   * what they hold is the unique stages' keys (16 bytes each) and one experiment at a time.
   */
  static final int PLAN = 1_000_000;

  /**
   * The most unique stages {@code validate} and {@code plan} count (16 bytes a key, at most 384 MB
   * while the set grows to this); above it they say "at least".
   */
  static final int STAGES_COUNTED = 10_000_000;

  /** Sweeps into which a split is spelt out; above this the advice is general. */
  private static final int SPLITS_SPELT_OUT = 100;

  private SweepLimits() {}

  /**
   * A user error when {@code count} is over {@code limit}.
   *
   * @param commands the commands that refuse, for the message: "`run` and `submit` take"
   */
  static void require(Path file, Sweep sweep, long count, int limit, String commands)
      throws UserException {
    if (count > limit) {
      throw new UserException(
          ExitCodes.INVALID_INPUT,
          file
              + ": sweep '"
              + sweep.name()
              + "' has "
              + (count == Long.MAX_VALUE ? "more than " : "")
              + number(count)
              + " experiments ("
              + shape(sweep)
              + "), more than the "
              + number(limit)
              + " that "
              + commands
              + " in one sweep. "
              + split(sweep, count));
    }
  }

  /**
   * How to split a sweep into sweeps that {@code run} takes: fix its first grid axes (the slowest
   * varying) until what remains fits.
   */
  static String split(Sweep sweep, long count) {
    long rest = count;
    long sweeps = 1;
    List<String> fixed = new ArrayList<>();
    for (Axis axis : sweep.grid()) {
      if (rest <= RUN || count == Long.MAX_VALUE) {
        break;
      }
      rest /= axis.values().size();
      sweeps *= axis.values().size();
      fixed.add("'" + axis.path() + "'");
    }
    String reuse = "; stages the sweeps share are computed once and reused by the others.";
    if (rest > RUN || count == Long.MAX_VALUE || sweeps > SPLITS_SPELT_OUT) {
      return "Sweep fewer values, or split it into sweeps of at most "
          + number(RUN)
          + " experiments: files that `include:` this one, each with its own `sweep:` name and"
          + " part of the grid"
          + reuse;
    }
    return "Split it into "
        + number(sweeps)
        + " sweeps of "
        + number(rest)
        + " experiments, one per "
        + (fixed.size() == 1 ? "value of " : "combination of values of ")
        + String.join(" and ", fixed)
        + ": files that `include:` this one, each with its own `sweep:` name and one value of "
        + (fixed.size() == 1 ? "that axis" : "each of those axes")
        + " under `grid:`"
        + reuse;
  }

  /** The dimensions that multiply to the experiments: "grid 10 x 10, times 3 seeds". */
  private static String shape(Sweep sweep) {
    List<String> parts = new ArrayList<>();
    if (!sweep.grid().isEmpty()) {
      parts.add(
          "grid "
              + String.join(
                  " x ", sweep.grid().stream().map(a -> number(a.values().size())).toList()));
    }
    if (!sweep.zip().isEmpty()) {
      parts.add("zip of " + number(sweep.zip().get(0).values().size()));
    }
    if (!sweep.experiments().isEmpty()) {
      parts.add(
          number(sweep.experiments().size())
              + " "
              + Plural.noun(sweep.experiments().size(), "listed experiment"));
    }
    if (!sweep.seeds().values().isEmpty()) {
      parts.add(
          number(sweep.seeds().values().size())
              + " "
              + Plural.noun(sweep.seeds().values().size(), "seed"));
    }
    return String.join(", times ", parts);
  }

  /** The unique stages counted in {@code keys}: "3 unique stages", "at least" when it was full. */
  static String uniqueStages(StageKeySet keys) {
    return (keys.full() ? "at least " : "") + Plural.of(keys.size(), "unique stage");
  }

  static String number(long n) {
    return String.format(Locale.ROOT, "%,d", n);
  }
}
