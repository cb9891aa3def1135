package dev.distillery.recipe;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Parses and validates recipe and sweep files. Every problem found is collected and reported at
 * once, each located as {@code file:line:column} with a hint; YAML syntax errors are problems too,
 * never Jackson exceptions. Does no I/O: an included recipe file is read through a {@link
 * RecipeSource}.
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
    List<Problem> problems = new ArrayList<>();
    LocatedTree tree = YamlTreeReader.read(yaml, fileName, problems);
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
   * @param source reads the recipe file the sweep names
   * @return the validated sweep
   * @throws RecipeException carrying every problem found
   */
  public static Sweep parseSweep(String yaml, String fileName, RecipeSource source)
      throws RecipeException {
    List<Problem> problems = new ArrayList<>();
    LocatedTree tree = YamlTreeReader.read(yaml, fileName, problems);
    Sweep sweep = null;
    if (tree != null) {
      sweep =
          new SweepValidator(new Diagnostics(fileName, tree, problems), problems, source)
              .validate(tree.root());
    }
    return orThrow(sweep, problems);
  }

  /**
   * Parses either kind of file. A top-level mapping with {@code stages} is a recipe and becomes a
   * sweep named after the recipe, with parallelism 1 and no grid; anything else is a sweep.
   *
   * @throws RecipeException carrying every problem found
   */
  public static Sweep parseAny(String yaml, String fileName, RecipeSource source)
      throws RecipeException {
    List<Problem> problems = new ArrayList<>();
    LocatedTree tree = YamlTreeReader.read(yaml, fileName, problems);
    if (tree == null) {
      throw new RecipeException(sorted(problems));
    }
    if (tree.root().isObject() && tree.root().has("stages")) {
      Recipe recipe =
          orThrow(
              new RecipeValidator(new Diagnostics(fileName, tree, problems))
                  .validate(tree.root(), ""),
              problems);
      return new Sweep(recipe.name(), recipe, 1, List.of());
    }
    return orThrow(
        new SweepValidator(new Diagnostics(fileName, tree, problems), problems, source)
            .validate(tree.root()),
        problems);
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
