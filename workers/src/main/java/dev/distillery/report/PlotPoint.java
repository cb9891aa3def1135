package dev.distillery.report;

/**
 * One experiment's point in a plot.
 *
 * @param experiment the experiment, written on the point as {@code data-experiment}
 * @param x its position on the x axis (its index when the axis is the experiments)
 * @param y its score
 * @param err its standard error, or null for no error bar
 */
record PlotPoint(String experiment, double x, double y, Double err) {}
