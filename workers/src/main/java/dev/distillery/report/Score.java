package dev.distillery.report;

import java.util.Locale;

/**
 * One benchmark score of one experiment, as {@code distill results} computes it.
 *
 * @param avg the mean accuracy over the benchmark's repeats, a fraction in [0, 1]
 * @param stdErr its standard error, or null when unknown (the plot then draws no error bar)
 */
public record Score(double avg, Double stdErr) {
  /** {@code 0.800 ± 0.020} as {@code distill results} prints it, or {@code 0.800} alone. */
  public String text() {
    return stdErr == null
        ? String.format(Locale.ROOT, "%.3f", avg)
        : String.format(Locale.ROOT, "%.3f ± %.3f", avg, stdErr);
  }
}
