package dev.distillery.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A linear or logarithmic mapping of data values onto pixels, with round tick values.
 *
 * @param lo the data value at {@code from}
 * @param hi the data value at {@code to}
 * @param step the distance between ticks of a linear scale
 * @param log whether values are placed by their logarithm
 * @param from the pixel of {@code lo}
 * @param to the pixel of {@code hi}
 */
record PlotScale(double lo, double hi, double step, boolean log, double from, double to) {
  /**
   * A scale covering {@code min..max} with round ends: logarithmic when every value is positive and
   * they span at least two decades (learning rates), else linear. Equal ends are widened.
   */
  static PlotScale covering(double min, double max, boolean allowLog, double from, double to) {
    if (allowLog && min > 0 && max / min >= 100) {
      return new PlotScale(
          Math.pow(10, Math.floor(Math.log10(min))),
          Math.pow(10, Math.ceil(Math.log10(max))),
          10,
          true,
          from,
          to);
    }
    if (max - min < 1e-12) {
      double pad = min == 0 ? 0.05 : Math.abs(min) * 0.1;
      min -= pad;
      max += pad;
    }
    double step = step(min, max);
    return new PlotScale(
        Math.floor(min / step) * step, Math.ceil(max / step) * step, step, false, from, to);
  }

  /** The pixel of {@code value}. */
  double at(double value) {
    double t =
        log
            ? (Math.log10(value) - Math.log10(lo)) / (Math.log10(hi) - Math.log10(lo))
            : (value - lo) / (hi - lo);
    return from + t * (to - from);
  }

  /** Round values between the ends, the ends included. */
  List<Double> ticks() {
    List<Double> ticks = new ArrayList<>();
    if (log) {
      for (double v = lo; v <= hi * 1.000001; v *= 10) {
        ticks.add(v);
      }
      return ticks;
    }
    for (long i = Math.round(lo / step); i * step <= hi + step * 1e-6; i++) {
      ticks.add(i * step);
    }
    return ticks;
  }

  /** A tick's label, with as many decimals as the step needs. */
  String label(double value) {
    if (log) {
      return String.format(Locale.ROOT, "%.0e", value);
    }
    int decimals = Math.max(0, (int) -Math.floor(Math.log10(step) + 1e-9));
    return String.format(Locale.ROOT, "%." + decimals + "f", value);
  }

  /** 1, 2 or 5 times a power of ten, giving about five steps from {@code lo} to {@code hi}. */
  private static double step(double lo, double hi) {
    double raw = (hi - lo) / 5;
    double power = Math.pow(10, Math.floor(Math.log10(raw)));
    double m = raw / power;
    return (m < 1.5 ? 1 : m < 3.5 ? 2 : m < 7.5 ? 5 : 10) * power;
  }
}
