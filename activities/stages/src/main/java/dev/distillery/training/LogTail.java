package dev.distillery.training;

import java.util.ArrayDeque;
import java.util.List;

/** The last lines of a log; thread-safe. */
final class LogTail {
  private final int size;
  private final ArrayDeque<String> lines;

  LogTail(int size) {
    this.size = size;
    this.lines = new ArrayDeque<>(size);
  }

  synchronized void add(String line) {
    if (lines.size() == size) {
      lines.removeFirst();
    }
    lines.addLast(line);
  }

  synchronized List<String> lines() {
    return List.copyOf(lines);
  }

  /** The lines, each indented, for an error message. */
  String indented() {
    List<String> copy = lines();
    return copy.isEmpty() ? "  (no output)" : "  " + String.join("\n  ", copy);
  }
}
