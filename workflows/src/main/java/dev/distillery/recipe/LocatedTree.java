package dev.distillery.recipe;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/**
 * A YAML document read as a JSON tree, with where each node was written.
 *
 * @param root the document's top-level node
 * @param values JSON pointer of each node to the 1-based {line, column} where its value starts
 * @param keys JSON pointer of each mapping entry to the 1-based {line, column} of its key
 * @param files JSON pointer of each node to the file it was written in, for a tree merged from
 *     included files; a pointer without an entry belongs to the file the tree was read from
 */
record LocatedTree(
    JsonNode root, Map<String, int[]> values, Map<String, int[]> keys, Map<String, String> files) {

  /** A tree read from one file. */
  LocatedTree(JsonNode root, Map<String, int[]> values, Map<String, int[]> keys) {
    this(root, values, keys, Map.of());
  }
}
