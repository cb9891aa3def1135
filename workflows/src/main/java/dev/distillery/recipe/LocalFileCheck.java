package dev.distillery.recipe;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reports local files that a valid sweep's experiments would read and that do not exist, each at
 * the value that names it: in the recipe, or in the sweep's grid, zip or experiment that sets it. A
 * recipe value that every experiment overrides is not checked.
 */
final class LocalFileCheck {
  /** The params of each kind that name local files (a path, a list of them, or name to path). */
  private final LocalFiles files;

  private final String given;

  /**
   * @param files tells which files exist
   * @param given the file given to the loader, whose folder relative paths resolve against
   */
  LocalFileCheck(LocalFiles files, String given) {
    this.files = files;
    this.given = given;
  }

  /**
   * Checks the files of every stage of {@code recipe}.
   *
   * @param recipe the validated recipe
   * @param inRecipe problems located in the file that wrote the recipe
   * @param recipeAt the JSON pointer of the recipe in that file ("" or "/recipe")
   * @param inSweep problems located in the sweep file (the same as {@code inRecipe} for a recipe)
   * @param sweep the validated sweep (a recipe alone is a sweep without grid)
   */
  void check(Sweep sweep, Diagnostics inRecipe, String recipeAt, Diagnostics inSweep) {
    Recipe recipe = sweep.recipe();
    for (int i = 0; i < recipe.stages().size(); i++) {
      StageSpec stage = recipe.stages().get(i);
      for (String param : StageKinds.fileParams(stage.kind())) {
        if (param.equals("tokenizer")
            && !values(stage, "ngram_unit", sweep).contains("tokenizer")) {
          continue; // Read only with ngram_unit tokenizer.
        }
        String path = "stages." + stage.id() + "." + param;
        boolean baseUsed = true;
        boolean axesUsed = sweep.experiments().isEmpty();
        for (int e = 0; e < sweep.experiments().size(); e++) {
          Optional<Axis> set = find(sweep.experiments().get(e).settings(), path);
          if (set.isPresent()) {
            String at = "/experiments/" + e + "/set/";
            check(
                stage, param, set.get().values().get(0), at + YamlTreeReader.escape(path), inSweep);
          } else {
            axesUsed = true;
          }
        }
        for (String key : List.of("grid", "zip")) {
          Optional<Axis> axis = find(key.equals("grid") ? sweep.grid() : sweep.zip(), path);
          if (axis.isPresent()) {
            baseUsed = false;
            for (int v = 0; axesUsed && v < axis.get().values().size(); v++) {
              String at = "/" + key + "/" + YamlTreeReader.escape(path) + "/" + v;
              check(stage, param, axis.get().values().get(v), at, inSweep);
            }
          }
        }
        if (baseUsed && axesUsed) {
          String at = recipeAt + "/stages/" + i + "/params/" + param;
          check(stage, param, stage.params().get(param), at, inRecipe);
        }
      }
    }
  }

  /** Checks a path, a list of paths or a mapping of names to paths written at {@code at}. */
  private void check(StageSpec stage, String param, JsonNode value, String at, Diagnostics d) {
    if (value == null || value.isNull()) {
      return;
    }
    if (value.isTextual()) {
      String path = value.asText();
      if (path.contains("://")) {
        return;
      }
      files
          .missing(path)
          .ifPresent(
              looked ->
                  d.at(
                      at,
                      "stage '"
                          + stage.id()
                          + "' reads '"
                          + path
                          + "' (param '"
                          + param
                          + "'), which is not a file",
                      "looked for "
                          + looked
                          + "; relative paths resolve against the folder of "
                          + given
                          + ", the file given. Fix the path, or create the file"));
      return;
    }
    if (value.isArray()) {
      for (int j = 0; j < value.size(); j++) {
        check(stage, param, value.get(j), at + "/" + j, d);
      }
    } else if (value.isObject()) {
      value
          .properties()
          .forEach(
              e ->
                  check(
                      stage, param, e.getValue(), at + "/" + YamlTreeReader.escape(e.getKey()), d));
    }
  }

  /** Every value a stage's param takes: the recipe's and those the sweep sets. */
  private static List<String> values(StageSpec stage, String param, Sweep sweep) {
    List<String> values = new ArrayList<>();
    values.add(stage.params().path(param).asText());
    String path = "stages." + stage.id() + "." + param;
    List<Axis> axes = new ArrayList<>(sweep.grid());
    axes.addAll(sweep.zip());
    sweep.experiments().forEach(e -> axes.addAll(e.settings()));
    for (Axis axis : axes) {
      if (axis.path().equals(path)) {
        axis.values().forEach(v -> values.add(v.asText()));
      }
    }
    return values;
  }

  private static Optional<Axis> find(List<Axis> axes, String path) {
    return axes.stream().filter(a -> a.path().equals(path)).findFirst();
  }
}
