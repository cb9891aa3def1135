package dev.distillery.recipe;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;

/**
 * Parses and validates recipe and sweep files. Every problem found is collected and reported at
 * once, each located as {@code file:line:column} with a hint; YAML syntax errors are problems too,
 * never Jackson exceptions. Does no I/O: a recipe file named by a sweep, and a file named by a
 * top-level {@code include:}, are read through a {@link RecipeSource}.
 *
 * <p>{@code include: base.yaml} (a path relative to the including file) makes {@code base.yaml} the
 * base of the including file: its keys override the included ones, mappings merging key by key and
 * lists replaced whole. Includes may nest; a cycle or an unreadable file is a located problem, and
 * a problem inside an included file names that file.
 */
public final class RecipeLoader {
  private RecipeLoader() {}

  /**
   * Parses a recipe file.
   *
   * @param yaml the file's text
   * @param fileName the file as the user named it, used in problem locations
   * @return the validated recipe, params with defaults filled in
   * @throws RecipeException carrying every problem found
   */
  public static Recipe parseRecipe(String yaml, String fileName) throws RecipeException {
    return parseRecipe(
        yaml,
        fileName,
        path -> {
          throw new IOException(path + ": no files can be included here");
        });
  }

  /**
   * Parses a recipe file that may {@code include:} another, read through {@code source}.
   *
   * @param yaml the file's text
   * @param fileName the file as the user named it, used in problem locations
   * @param source reads an included file, by its path relative to the folder of {@code fileName}
   * @return the validated recipe, params with defaults filled in
   * @throws RecipeException carrying every problem found
   */
  public static Recipe parseRecipe(String yaml, String fileName, RecipeSource source)
      throws RecipeException {
    List<Problem> problems = new ArrayList<>();
    LocatedTree tree = read(yaml, fileName, source, problems);
    Recipe recipe = null;
    if (tree != null) {
      recipe =
          new RecipeValidator(new Diagnostics(fileName, tree, problems)).validate(tree.root(), "");
    }
    return orThrow(recipe, problems);
  }

  /**
   * Parses a sweep file. Its {@code recipe:} is either inline or a path relative to the sweep file,
   * read through {@code source}; problems inside that file are reported with its own name (the path
   * joined to the folder of {@code fileName}).
   *
   * @param yaml the file's text
   * @param fileName the file as the user named it, used in problem locations
   * @param source reads the recipe file the sweep names, and included files, by their path relative
   *     to the folder of {@code fileName}
   * @return the validated sweep
   * @throws RecipeException carrying every problem found
   */
  public static Sweep parseSweep(String yaml, String fileName, RecipeSource source)
      throws RecipeException {
    List<Problem> problems = new ArrayList<>();
    Includes includes = new Includes(fileName, source, problems);
    LocatedTree tree = read(yaml, fileName, includes, problems);
    Sweep sweep = null;
    if (tree != null) {
      sweep =
          new SweepValidator(new Diagnostics(fileName, tree, problems), problems, includes, null)
              .validate(tree.root());
    }
    return orThrow(sweep, problems);
  }

  /**
   * Parses either kind of file. A top-level mapping with {@code stages} (after includes), or with
   * recipe keys and no sweep keys (misspelt ones included), is a recipe and becomes a sweep named
   * after the recipe, with parallelism 1 and no grid; anything else is a sweep.
   *
   * @throws RecipeException carrying every problem found
   */
  public static Sweep parseAny(String yaml, String fileName, RecipeSource source)
      throws RecipeException {
    return parseAny(yaml, fileName, source, null);
  }

  /**
   * Parses either kind of file, as {@link #parseAny(String, String, RecipeSource)}, and reports
   * every local file its experiments would read that {@code files} says is missing, located at the
   * value that names it (in the sweep when the sweep sets it).
   *
   * @param files tells which local files exist, or null not to check them
   * @throws RecipeException carrying every problem found
   */
  public static Sweep parseAny(String yaml, String fileName, RecipeSource source, LocalFiles files)
      throws RecipeException {
    LocalFileCheck check = files == null ? null : new LocalFileCheck(files, fileName);
    List<Problem> problems = new ArrayList<>();
    Includes includes = new Includes(fileName, source, problems);
    LocatedTree tree = read(yaml, fileName, includes, problems);
    if (tree == null) {
      throw new RecipeException(sorted(problems));
    }
    Diagnostics d = new Diagnostics(fileName, tree, problems);
    if (isRecipe(tree.root())) {
      Recipe recipe = orThrow(new RecipeValidator(d).validate(tree.root(), ""), problems);
      Sweep sweep = new Sweep(recipe.name(), recipe, 1, List.of());
      if (check != null) {
        check.check(sweep, d, "", d);
      }
      return orThrow(sweep, problems);
    }
    return orThrow(
        new SweepValidator(d, problems, includes, check).validate(tree.root()), problems);
  }

  /**
   * Whether a file's root is a recipe: it has {@code stages}, or no key of a sweep but a key of a
   * recipe (or a near miss of one, so that {@code stagez:} is reported as a misspelt recipe key,
   * not as a sweep missing {@code sweep:}).
   */
  private static boolean isRecipe(JsonNode root) {
    if (!root.isObject()) {
      return false;
    }
    if (root.has("stages")) {
      return true;
    }
    List<String> keys = new ArrayList<>(RecipeValidator.KEYS);
    keys.addAll(SweepValidator.KEYS);
    boolean recipeKey = false;
    for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
      String key = it.next();
      String nearest = keys.contains(key) ? key : Suggest.closest(key, keys).orElse(null);
      if (nearest == null) {
        continue;
      }
      boolean ofRecipe = RecipeValidator.KEYS.contains(nearest);
      boolean ofSweep = SweepValidator.KEYS.contains(nearest);
      if (ofSweep && !ofRecipe) {
        return false;
      }
      recipeKey |= ofRecipe && !ofSweep;
    }
    return recipeKey;
  }

  private static LocatedTree read(
      String yaml, String fileName, RecipeSource source, List<Problem> problems) {
    return read(yaml, fileName, new Includes(fileName, source, problems), problems);
  }

  /** The file's tree with its includes merged in, or null when a problem was reported. */
  private static LocatedTree read(
      String yaml, String fileName, Includes includes, List<Problem> problems) {
    LocatedTree tree = YamlTreeReader.read(yaml, fileName, problems);
    return tree == null ? null : includes.resolve(tree);
  }

  private static <T> T orThrow(T result, List<Problem> problems) throws RecipeException {
    if (result == null || !problems.isEmpty()) {
      throw new RecipeException(sorted(problems));
    }
    return result;
  }

  /** Problems in reading order: by file (first reported first), then line and column. */
  private static List<Problem> sorted(List<Problem> problems) {
    List<String> files = problems.stream().map(Problem::file).distinct().toList();
    return problems.stream()
        .sorted(
            Comparator.comparingInt((Problem p) -> files.indexOf(p.file()))
                .thenComparingInt(Problem::line)
                .thenComparingInt(Problem::column))
        .toList();
  }
}
