package dev.distillery.report;

import java.util.List;
import java.util.Locale;

/**
 * Draws scores as an inline SVG scatter plot: one {@code <circle class="point"
 * data-experiment="...">} per experiment, with a vertical error bar of ± its standard error when
 * known. The x axis is either the experiments themselves, one column each, or a numeric axis. A
 * plot without points says "no scores yet".
 */
final class SvgPlot {
  /** The colour of points, used for nothing else on the page (tests look for it in screenshots). */
  static final String POINT_COLOUR = "#1f77b4";

  private static final int WIDTH = 640;
  private static final int LEFT = 60;
  private static final int RIGHT = 20;
  private static final int TOP = 34;
  private static final int PLOT_HEIGHT = 220;

  private SvgPlot() {}

  /** Scores by experiment: {@code names} along the x axis, the points at their index. */
  static String byExperiment(String title, List<String> names, List<PlotPoint> points) {
    // Room for the longest name written at -35 degrees, about 3.6 pixels down per character.
    int longest = names.stream().mapToInt(String::length).max().orElse(0);
    int bottom = Math.max(40, Math.min(200, 24 + (int) Math.ceil(longest * 3.6)));
    StringBuilder svg = open(title, bottom);
    double step = (WIDTH - LEFT - RIGHT) / (double) Math.max(1, names.size());
    PlotScale x = new PlotScale(-0.5, names.size() - 0.5, 1, false, LEFT, WIDTH - RIGHT);
    for (int i = 0; i < names.size(); i++) {
      double px = x.at(i);
      double py = TOP + PLOT_HEIGHT + 12;
      svg.append(
          String.format(
              Locale.ROOT,
              "<text class=\"tick\" x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\""
                  + " transform=\"rotate(-35 %.1f %.1f)\">%s</text>",
              px,
              py,
              px,
              py,
              Html.escape(names.get(i))));
      if (step > 2) {
        svg.append(line("tick-mark", px, TOP + PLOT_HEIGHT, px, TOP + PLOT_HEIGHT + 4));
      }
    }
    return close(svg, x, points, null, bottom);
  }

  /** Scores against a numeric axis: the points at their axis value. */
  static String byAxis(String title, String axis, List<PlotPoint> points) {
    int bottom = 50;
    StringBuilder svg = open(title, bottom);
    double min = points.stream().mapToDouble(PlotPoint::x).min().orElse(0);
    double max = points.stream().mapToDouble(PlotPoint::x).max().orElse(1);
    PlotScale x = PlotScale.covering(min, max, true, LEFT + 16, WIDTH - RIGHT - 16);
    for (double tick : x.ticks()) {
      double px = x.at(tick);
      svg.append(line("tick-mark", px, TOP + PLOT_HEIGHT, px, TOP + PLOT_HEIGHT + 4));
      svg.append(
          String.format(
              Locale.ROOT,
              "<text class=\"tick\" x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s</text>",
              px,
              TOP + PLOT_HEIGHT + 16,
              Html.escape(x.label(tick))));
    }
    return close(svg, x, points, axis, bottom);
  }

  private static StringBuilder open(String title, int bottom) {
    int height = TOP + PLOT_HEIGHT + bottom;
    StringBuilder svg = new StringBuilder();
    svg.append(
        String.format(
            Locale.ROOT,
            "<svg class=\"plot\" xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\""
                + " viewBox=\"0 0 %d %d\" role=\"img\" aria-label=\"%s\">",
            WIDTH,
            height,
            WIDTH,
            height,
            Html.escape(title)));
    svg.append(
        String.format(
            Locale.ROOT,
            "<text class=\"plot-title\" x=\"%d\" y=\"20\">%s</text>",
            LEFT,
            Html.escape(title)));
    svg.append(
        String.format(
            Locale.ROOT,
            "<rect class=\"frame\" x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\"/>",
            LEFT,
            TOP,
            WIDTH - LEFT - RIGHT,
            PLOT_HEIGHT));
    return svg;
  }

  /** Draws the y axis and the points, and the x axis title unless it is null. */
  private static String close(
      StringBuilder svg, PlotScale x, List<PlotPoint> points, String xTitle, int bottom) {
    if (xTitle != null) {
      svg.append(
          String.format(
              Locale.ROOT,
              "<text class=\"axis-title\" x=\"%d\" y=\"%d\" text-anchor=\"middle\">%s</text>",
              (LEFT + WIDTH - RIGHT) / 2,
              TOP + PLOT_HEIGHT + bottom - 10,
              Html.escape(xTitle)));
    }
    if (points.isEmpty()) {
      svg.append(
          String.format(
              Locale.ROOT,
              "<text class=\"empty\" x=\"%d\" y=\"%d\" text-anchor=\"middle\">no scores yet</text>",
              (LEFT + WIDTH - RIGHT) / 2,
              TOP + PLOT_HEIGHT / 2));
      return svg.append("</svg>").toString();
    }
    double min = Double.MAX_VALUE;
    double max = -Double.MAX_VALUE;
    for (PlotPoint p : points) {
      double err = p.err() == null ? 0 : p.err();
      min = Math.min(min, p.y() - err);
      max = Math.max(max, p.y() + err);
    }
    PlotScale y = PlotScale.covering(min, max, false, TOP + PLOT_HEIGHT, TOP);
    for (double tick : y.ticks()) {
      double py = y.at(tick);
      svg.append(line("grid", LEFT, py, WIDTH - RIGHT, py));
      svg.append(
          String.format(
              Locale.ROOT,
              "<text class=\"tick\" x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>",
              LEFT - 6,
              py + 4,
              y.label(tick)));
    }
    svg.append(
        String.format(
            Locale.ROOT,
            "<text class=\"axis-title\" transform=\"rotate(-90 14 %d)\" x=\"14\" y=\"%d\""
                + " text-anchor=\"middle\">score</text>",
            TOP + PLOT_HEIGHT / 2,
            TOP + PLOT_HEIGHT / 2));
    for (PlotPoint p : points) {
      double px = x.at(p.x());
      if (p.err() != null && p.err() > 0) {
        double up = y.at(p.y() + p.err());
        double down = y.at(p.y() - p.err());
        svg.append(line("error-bar", px, up, px, down));
        svg.append(line("error-bar", px - 4, up, px + 4, up));
        svg.append(line("error-bar", px - 4, down, px + 4, down));
      }
      String tip = p.experiment() + ": " + new Score(p.y(), p.err()).text();
      svg.append(
          String.format(
              Locale.ROOT,
              "<circle class=\"point\" data-experiment=\"%s\" cx=\"%.1f\" cy=\"%.1f\" r=\"5\""
                  + " fill=\"%s\"><title>%s</title></circle>",
              Html.escape(p.experiment()),
              px,
              y.at(p.y()),
              POINT_COLOUR,
              Html.escape(tip)));
    }
    return svg.append("</svg>").toString();
  }

  private static String line(String cssClass, double x1, double y1, double x2, double y2) {
    return String.format(
        Locale.ROOT,
        "<line class=\"%s\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>",
        cssClass,
        x1,
        y1,
        x2,
        y2);
  }
}
