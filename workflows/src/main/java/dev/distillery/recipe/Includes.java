package dev.distillery.recipe;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the files a sweep or recipe names by path and resolves their top-level {@code include:}
 * key. The included file is the base and the including file's keys override it: mappings merge key
 * by key, anything else (lists included) is replaced. Every node of the merged tree keeps the file,
 * line and column it was written at, so problems still point at the right file.
 *
 * <p>A path is relative to the folder of the file that writes it. {@link RecipeSource} reads paths
 * relative to the folder of the first file, so this class joins the folders in between.
 */
final class Includes {
  static final String KEY = "include";
  private static final JsonNodeFactory F = JsonNodeFactory.instance;

  private final String first;
  private final RecipeSource source;
  private final List<Problem> out;

  /**
   * Each file read so far (as problems name it) to its path relative to the first file's folder.
   */
  private final Map<String, String> relative = new HashMap<>();

  /**
   * @param first the first file as the user named it
   * @param source reads a path relative to the folder of {@code first}
   * @param out where problems go
   */
  Includes(String first, RecipeSource source, List<Problem> out) {
    this.first = first;
    this.source = source;
    this.out = out;
    relative.put(first, first.substring(first.lastIndexOf('/') + 1));
  }

  /**
   * Resolves the includes of the first file's tree.
   *
   * @return the merged tree, or null when a problem was reported
   */
  LocatedTree resolve(LocatedTree tree) {
    return resolve(tree, first, List.of(isAbsolute(first) ? first : normalize(first)));
  }

  /**
   * Reads the file at {@code path}, written in {@code from} at {@code pointer}, and resolves its
   * includes. An unreadable file is reported at {@code pointer} as {@code cannot read <what>}.
   *
   * @param chain the files being included, outermost first, to detect cycles
   * @return the file, or null when a problem was reported
   */
  LoadedFile read(
      String path,
      String from,
      List<String> chain,
      Diagnostics d,
      String pointer,
      String what,
      String hint) {
    String rel = resolvedPath(from, path);
    String file = displayName(rel);
    if (chain.contains(file)) {
      List<String> cycle = new ArrayList<>(chain.subList(chain.indexOf(file), chain.size()));
      cycle.add(file);
      d.at(
          pointer,
          "include cycle: " + String.join(" -> ", cycle),
          "a file cannot include itself, directly or through other files; remove one of these"
              + " includes");
      return null;
    }
    String text;
    try {
      text = source.read(rel);
    } catch (IOException e) {
      d.at(pointer, "cannot read " + what + " '" + path + "': " + e.getMessage(), hint);
      return null;
    }
    relative.put(file, rel);
    LocatedTree tree = YamlTreeReader.read(text, file, out);
    if (tree == null) {
      return null;
    }
    List<String> longer = new ArrayList<>(chain);
    longer.add(file);
    LocatedTree resolved = resolve(tree, file, longer);
    return resolved == null ? null : new LoadedFile(file, resolved);
  }

  private LocatedTree resolve(LocatedTree tree, String file, List<String> chain) {
    JsonNode root = tree.root();
    if (!root.isObject() || !root.has(KEY)) {
      return tree;
    }
    Diagnostics d = new Diagnostics(file, tree, out);
    JsonNode include = root.get(KEY);
    String at = "/" + KEY;
    if (!include.isTextual() || include.asText().isBlank()) {
      d.at(
          at,
          "'include' must be a file path, got " + Diagnostics.describe(include),
          "write `include: base.yaml`, a path relative to the folder of this file");
      return null;
    }
    LoadedFile base =
        read(
            include.asText(),
            file,
            chain,
            d,
            at,
            "included file",
            "the path is relative to the folder of " + file);
    if (base == null) {
      return null;
    }
    if (!base.tree().root().isObject()) {
      d.at(
          at,
          "included file '"
              + base.file()
              + "' must be a mapping, got "
              + Diagnostics.describe(base.tree().root()),
          "an included file holds keys that this file adds to and overrides");
      return null;
    }
    Merged merged = new Merged();
    JsonNode mergedRoot =
        merged.merge(new Side(base.tree(), base.file()), new Side(tree, file), "");
    return new LocatedTree(mergedRoot, merged.values, merged.keys, merged.files);
  }

  /** The path relative to the first file's folder of {@code path} written in file {@code from}. */
  private String resolvedPath(String from, String path) {
    if (isAbsolute(path)) {
      return path;
    }
    String fromRel = relative.getOrDefault(from, "");
    if (isAbsolute(fromRel)) {
      return normalize(sibling(fromRel, path));
    }
    int slash = fromRel.lastIndexOf('/');
    return normalize(slash < 0 ? path : fromRel.substring(0, slash + 1) + path);
  }

  /** How problems name a file: its path joined to the first file's folder. */
  private String displayName(String rel) {
    return isAbsolute(rel) ? rel : normalize(sibling(first, rel));
  }

  /** A path relative to the folder of {@code file}, joined to that folder. */
  private static String sibling(String file, String relative) {
    if (relative.startsWith("/") || relative.contains("://")) {
      return relative;
    }
    int slash = file.lastIndexOf('/');
    return slash < 0 ? relative : file.substring(0, slash + 1) + relative;
  }

  private static boolean isAbsolute(String path) {
    return path.startsWith("/") || path.contains("://");
  }

  /** Drops {@code .} segments and folds {@code dir/..}; keeps leading {@code ..}. */
  static String normalize(String path) {
    if (path.contains("://")) {
      return path;
    }
    Deque<String> parts = new ArrayDeque<>();
    for (String part : path.split("/", -1)) {
      if (part.equals(".") || (part.isEmpty() && !parts.isEmpty())) {
        continue;
      }
      if (part.equals("..") && !parts.isEmpty() && !parts.peekLast().equals("..")) {
        if (!parts.peekLast().isEmpty()) {
          parts.removeLast();
        }
        continue;
      }
      parts.addLast(part);
    }
    String joined = String.join("/", parts);
    if (joined.isEmpty()) {
      return path.startsWith("/") ? "/" : ".";
    }
    return joined;
  }

  /** One side of a merge: a tree and the file its unattributed nodes belong to. */
  private record Side(LocatedTree tree, String file) {
    String fileOf(String pointer) {
      return tree.files().getOrDefault(pointer, file);
    }
  }

  /** The merged tree's locations, filled in as {@link #merge} walks both sides. */
  private static final class Merged {
    final Map<String, int[]> values = new HashMap<>();
    final Map<String, int[]> keys = new HashMap<>();
    final Map<String, String> files = new HashMap<>();

    /** Merges {@code over} onto {@code base} at {@code pointer}. */
    JsonNode merge(Side base, Side over, String pointer) {
      JsonNode b = at(base, pointer);
      JsonNode o = at(over, pointer);
      if (!b.isObject() || !o.isObject()) {
        copy(over, pointer);
        return o;
      }
      copyOne(over, pointer, over.tree().values(), values);
      ObjectNode merged = F.objectNode();
      for (Map.Entry<String, JsonNode> e : b.properties()) {
        String child = pointer + "/" + YamlTreeReader.escape(e.getKey());
        if (o.has(e.getKey())) {
          copyOne(over, child, over.tree().keys(), keys);
          merged.set(e.getKey(), merge(base, over, child));
        } else {
          copy(base, child);
          merged.set(e.getKey(), e.getValue());
        }
      }
      for (Map.Entry<String, JsonNode> e : o.properties()) {
        boolean include = pointer.isEmpty() && e.getKey().equals(KEY);
        if (!b.has(e.getKey()) && !include) {
          copy(over, pointer + "/" + YamlTreeReader.escape(e.getKey()));
          merged.set(e.getKey(), e.getValue());
        }
      }
      return merged;
    }

    private static JsonNode at(Side side, String pointer) {
      return pointer.isEmpty() ? side.tree().root() : side.tree().root().at(pointer);
    }

    /** Copies the locations of the node at {@code pointer}, its key and everything under it. */
    private void copy(Side side, String pointer) {
      String prefix = pointer + "/";
      for (var e : side.tree().values().entrySet()) {
        if (e.getKey().equals(pointer) || e.getKey().startsWith(prefix)) {
          values.put(e.getKey(), e.getValue());
          files.put(e.getKey(), side.fileOf(e.getKey()));
        }
      }
      for (var e : side.tree().keys().entrySet()) {
        if (e.getKey().equals(pointer) || e.getKey().startsWith(prefix)) {
          keys.put(e.getKey(), e.getValue());
          files.put(e.getKey(), side.fileOf(e.getKey()));
        }
      }
    }

    private void copyOne(
        Side side, String pointer, Map<String, int[]> from, Map<String, int[]> to) {
      if (from.containsKey(pointer)) {
        to.put(pointer, from.get(pointer));
        files.put(pointer, side.fileOf(pointer));
      }
    }
  }
}
