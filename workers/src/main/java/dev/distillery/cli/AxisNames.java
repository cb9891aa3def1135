package dev.distillery.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Short column names for a sweep's override paths: the last segment of each path ({@code
 * stages.teacher.n} is {@code n}), and as many segments more as it takes to tell apart paths that
 * end alike ({@code teacher.model} and {@code filter.model}). A legend maps the short names back.
 */
final class AxisNames {
  private AxisNames() {}

  /** Each path to its short name, in the order given. */
  static Map<String, String> of(Collection<String> paths) {
    Map<String, Integer> segments = new LinkedHashMap<>();
    paths.forEach(p -> segments.put(p, 1));
    while (true) {
      Map<String, List<String>> byName = new HashMap<>();
      segments.forEach(
          (path, n) -> byName.computeIfAbsent(tail(path, n), k -> new ArrayList<>()).add(path));
      boolean longer = false;
      for (List<String> same : byName.values()) {
        if (same.size() > 1) {
          for (String path : same) {
            if (segments.get(path) < path.split("\\.").length) {
              segments.merge(path, 1, Integer::sum);
              longer = true;
            }
          }
        }
      }
      if (!longer) {
        break;
      }
    }
    Map<String, String> names = new LinkedHashMap<>();
    segments.forEach((path, n) -> names.put(path, tail(path, n)));
    return names;
  }

  /** The last {@code n} dot-separated segments of {@code path}. */
  private static String tail(String path, int n) {
    String[] parts = path.split("\\.");
    int from = Math.max(0, parts.length - n);
    return String.join(".", Arrays.asList(parts).subList(from, parts.length));
  }

  /** Prints which path each short name stands for, when any is shorter than its path. */
  static void printLegend(Map<String, String> names, PrintWriter out) {
    Map<String, String> shortened = new LinkedHashMap<>();
    names.forEach(
        (path, name) -> {
          if (!name.equals(path)) {
            shortened.put(name, path);
          }
        });
    if (shortened.isEmpty()) {
      return;
    }
    int width = shortened.keySet().stream().mapToInt(String::length).max().orElse(0);
    out.println();
    out.println("Columns set by the sweep:");
    shortened.forEach(
        (name, path) -> out.println("  " + name + " ".repeat(width - name.length()) + "  " + path));
  }
}
