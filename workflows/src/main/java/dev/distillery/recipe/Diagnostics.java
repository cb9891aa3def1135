package dev.distillery.recipe;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * Adds problems about one file, located by the JSON pointer of the node they concern. When the file
 * includes others, a problem names the file that wrote the node.
 */
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

  /** The file that wrote the node at {@code pointer} (or its nearest written parent). */
  String fileOf(String pointer) {
    return fileAt(found(pointer, false));
  }

  int count() {
    return out.size();
  }

  /** A problem with the value at {@code pointer}, or with its nearest written parent. */
  void at(String pointer, String message, String hint) {
    add(found(pointer, false), false, message, hint);
  }

  /** A problem with the key of the mapping entry at {@code pointer}. */
  void atKey(String pointer, String message, String hint) {
    String p = found(pointer, true);
    add(p, p.equals(pointer), message, hint);
  }

  /** The 1-based line where the node at {@code pointer} starts. */
  int line(String pointer) {
    return locate(found(pointer, false), false)[0];
  }

  /** Where the node at {@code pointer} starts, for messages: {@code line 4, column 23}. */
  String where(String pointer) {
    int[] at = locate(found(pointer, false), false);
    return "line " + at[0] + ", column " + at[1];
  }

  private void add(String pointer, boolean key, String message, String hint) {
    int[] at = locate(pointer, key);
    out.add(new Problem(fileAt(pointer), at[0], at[1], message, hint));
  }

  private String fileAt(String pointer) {
    return tree.files().getOrDefault(pointer, file);
  }

  private int[] locate(String pointer, boolean key) {
    int[] at = key ? tree.keys().get(pointer) : null;
    if (at == null) {
      at = tree.values().get(pointer);
    }
    return at == null ? new int[] {1, 1} : at;
  }

  /** The pointer itself if it was written, else its nearest written parent ("" at worst). */
  private String found(String pointer, boolean key) {
    String p = pointer;
    while (!p.isEmpty() && !(key && tree.keys().containsKey(p)) && !tree.values().containsKey(p)) {
      p = p.substring(0, p.lastIndexOf('/'));
      key = false;
    }
    return p;
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
