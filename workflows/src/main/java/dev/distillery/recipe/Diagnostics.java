package dev.distillery.recipe;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/** Adds problems about one file, located by the JSON pointer of the node they concern. */
final class Diagnostics {
  private final String file;
  private final LocatedTree tree;
  private final List<Problem> out;

  Diagnostics(String file, LocatedTree tree, List<Problem> out) {
    this.file = file;
    this.tree = tree;
    this.out = out;
  }

  String file() {
    return file;
  }

  int count() {
    return out.size();
  }

  /** A problem with the value at {@code pointer}, or with its nearest written parent. */
  void at(String pointer, String message, String hint) {
    add(locate(pointer, false), message, hint);
  }

  /** A problem with the key of the mapping entry at {@code pointer}. */
  void atKey(String pointer, String message, String hint) {
    add(locate(pointer, true), message, hint);
  }

  /** The 1-based line where the node at {@code pointer} starts. */
  int line(String pointer) {
    return locate(pointer, false)[0];
  }

  private void add(int[] at, String message, String hint) {
    out.add(new Problem(file, at[0], at[1], message, hint));
  }

  private int[] locate(String pointer, boolean key) {
    String p = pointer;
    while (true) {
      int[] at = key ? tree.keys().get(p) : null;
      if (at == null) {
        at = tree.values().get(p);
      }
      if (at != null) {
        return at;
      }
      if (p.isEmpty()) {
        return new int[] {1, 1};
      }
      p = p.substring(0, p.lastIndexOf('/'));
      key = false;
    }
  }

  /** How a node's type reads in an error message, e.g. {@code a string ('abc')}. */
  static String describe(JsonNode node) {
    if (node == null || node.isNull()) {
      return "nothing (null)";
    }
    if (node.isTextual()) {
      return "a string ('" + node.asText() + "')";
    }
    if (node.isIntegralNumber()) {
      return "an integer (" + node.asText() + ")";
    }
    if (node.isNumber()) {
      boolean finite = Double.isFinite(node.doubleValue());
      return "a number (" + (finite ? node.decimalValue().toPlainString() : node.asText()) + ")";
    }
    if (node.isBoolean()) {
      return "a boolean (" + node.asText() + ")";
    }
    if (node.isArray()) {
      return "a list";
    }
    if (node.isObject()) {
      return "a mapping";
    }
    return node.getNodeType().toString().toLowerCase(java.util.Locale.ROOT);
  }
}
