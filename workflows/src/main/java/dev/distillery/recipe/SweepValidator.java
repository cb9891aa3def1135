package dev.distillery.recipe;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Validates a sweep mapping, reading a recipe file it names through {@link Includes}.
 *
 * <p>It is long because it walks the whole sweep mapping once (name, budgets, parallelism, seeds,
 * axes, explicit experiments), checking every key with a located message and hint.
 */
final class SweepValidator {
  /** The top-level keys of a sweep file. */
  static final List<String> KEYS =
      List.of(
          "sweep",
          "recipe",
          "parallelism",
          "grid",
          "zip",
          "experiments",
          "budget",
          "seeds",
          "repeats");

  private static final String SEEDS_HINT =
      "write `seeds: [1, 2, 3]`, `repeats: 3` (seeds 0, 1, 2) or `seeds: {stages: [teacher],"
          + " values: [1, 2, 3]}`";
  private static final int DEFAULT_PARALLELISM = 4;

  private final Diagnostics d;
  private final List<Problem> out;
  private final Includes includes;
  private final LocalFileCheck files;

  /**
   * @param files checks the local files the sweep's experiments read, or null not to
   */
  SweepValidator(Diagnostics d, List<Problem> out, Includes includes, LocalFileCheck files) {
    this.d = d;
    this.out = out;
    this.includes = includes;
    this.files = files;
  }

  /**
   * Validates the sweep at the root of the file.
   *
   * @return the sweep, or null when a problem was reported
   */
  Sweep validate(JsonNode root) {
    int before = out.size();
    if (!root.isObject()) {
      d.at(
          "",
          "a sweep file must be a mapping, got " + Diagnostics.describe(root),
          "start with `sweep: <name>` and `recipe: <file or mapping>`");
      return null;
    }
    new RecipeValidator(d).unknownKeys(root, "", KEYS, "sweep");
    String name = name(root.get("sweep"));
    RecipeValidator recipeValidator = null;
    Recipe recipe = null;
    Diagnostics inRecipe = d;
    String recipeAt = "/recipe";
    JsonNode recipeNode = root.get("recipe");
    if (recipeNode == null) {
      d.at(
          "",
          "the sweep is missing required key 'recipe'",
          "set `recipe:` to a recipe file path relative to this sweep, or write the recipe inline");
    } else if (recipeNode.isTextual()) {
      // Relative to the file that wrote it, which may be an included sweep in another folder.
      String from = d.fileOf("/recipe");
      LoadedFile file =
          includes.read(
              recipeNode.asText(),
              from,
              List.of(from),
              d,
              "/recipe",
              "recipe file",
              "the path is relative to the folder of the sweep file");
      if (file != null) {
        inRecipe = new Diagnostics(file.file(), file.tree(), out);
        recipeAt = "";
        recipeValidator = new RecipeValidator(inRecipe);
        recipe = recipeValidator.validate(file.tree().root(), "");
      }
    } else if (recipeNode.isObject()) {
      recipeValidator = new RecipeValidator(d);
      recipe = recipeValidator.validate(recipeNode, "/recipe");
    } else {
      d.at(
          "/recipe",
          "'recipe' must be a file path or a recipe mapping, got "
              + Diagnostics.describe(recipeNode),
          "write `recipe: recipe.yaml` or an inline mapping with `recipe:` and `stages:`");
    }
    int parallelism = parallelism(root.get("parallelism"));
    Map<String, String> kinds = recipeValidator == null ? null : recipeValidator.kinds();
    List<Axis> grid = axes("grid", root.get("grid"), kinds);
    List<Axis> zip = axes("zip", root.get("zip"), kinds);
    for (Axis axis : zip) {
      if (axis.values().size() != zip.get(0).values().size()) {
        d.atKey(
            "/zip/" + YamlTreeReader.escape(axis.path()),
            "zip axis '"
                + axis.path()
                + "' has "
                + axis.values().size()
                + " values but '"
                + zip.get(0).path()
                + "' has "
                + zip.get(0).values().size(),
            "zip axes vary together, so each needs one value per experiment; use grid for a"
                + " cartesian product");
      }
    }
    if (!zip.isEmpty()
        && zip.stream().allMatch(a -> a.values().size() == zip.get(0).values().size())) {
      duplicateCombinations(zip);
    }
    for (Axis axis : zip) {
      if (grid.stream().anyMatch(g -> g.path().equals(axis.path()))) {
        d.atKey(
            "/zip/" + YamlTreeReader.escape(axis.path()),
            "'" + axis.path() + "' is both a grid axis and a zip axis",
            "keep it in one of them");
      }
    }
    List<ExplicitExperiment> explicit = experiments(root.get("experiments"), kinds);
    Map<String, Budget> budgets = budgets(root.get("budget"));
    Seeds seeds = seeds(root, kinds);
    if (out.size() != before) {
      return null;
    }
    Sweep sweep = new Sweep(name, recipe, parallelism, grid, zip, explicit, budgets, seeds);
    if (files != null) {
      files.check(sweep, inRecipe, recipeAt, d);
    }
    return out.size() == before ? sweep : null;
  }

  /**
   * {@code seeds: [1, 2]}, {@code seeds: {stages: [teacher], values: [1, 2]}} or {@code repeats: N}
   * (seeds 0 to N-1). Without {@code stages}, the seed goes into every stage whose kind takes a
   * {@code seed} param.
   */
  private Seeds seeds(JsonNode root, Map<String, String> kinds) {
    JsonNode seeds = root.get("seeds");
    JsonNode repeats = root.get("repeats");
    if (seeds != null && repeats != null) {
      d.atKey(
          "/repeats",
          "'seeds' and 'repeats' are both set",
          "keep one; `repeats: 3` is the same as `seeds: [0, 1, 2]`");
      return Seeds.NONE;
    }
    List<Integer> values = new ArrayList<>();
    JsonNode stages = null;
    String key;
    if (repeats != null) {
      key = "repeats";
      JsonNode n = ParamChecker.coerce(ParamType.INTEGER, repeats);
      if (n == null || !n.canConvertToInt() || n.intValue() < 1) {
        d.at(
            "/repeats",
            "'repeats' must be an integer >= 1, got " + Diagnostics.describe(repeats),
            "`repeats: 3` runs every experiment with seeds 0, 1 and 2");
        return Seeds.NONE;
      }
      for (int i = 0; i < n.intValue(); i++) {
        values.add(i);
      }
    } else if (seeds == null || seeds.isNull()) {
      return Seeds.NONE;
    } else {
      key = "seeds";
      JsonNode list = seeds;
      String at = "/seeds";
      if (seeds.isObject()) {
        new RecipeValidator(d).unknownKeys(seeds, at, List.of("values", "stages"), "seeds");
        list = seeds.get("values");
        stages = seeds.get("stages");
        at = "/seeds/values";
        if (list == null) {
          d.at("/seeds", "'seeds' is missing required key 'values'", SEEDS_HINT);
          return Seeds.NONE;
        }
      }
      if (!list.isArray() || list.isEmpty()) {
        d.at(
            at,
            "'seeds' must be a non-empty list of integers, got "
                + (list.isArray() ? "an empty list" : Diagnostics.describe(list)),
            SEEDS_HINT);
        return Seeds.NONE;
      }
      java.util.Set<Integer> listed = new java.util.HashSet<>();
      for (int i = 0; i < list.size(); i++) {
        JsonNode n = ParamChecker.coerce(ParamType.INTEGER, list.get(i));
        if (n == null || !n.canConvertToInt() || n.intValue() < 0) {
          d.at(
              at + "/" + i,
              "a seed must be an integer >= 0, got " + Diagnostics.describe(list.get(i)),
              SEEDS_HINT);
        } else if (!listed.add(n.intValue())) {
          d.at(
              at + "/" + i,
              "seed " + n.intValue() + " is listed twice",
              "each seed gives one repeat; list it once");
        } else {
          values.add(n.intValue());
        }
      }
    }
    List<String> targets = seedStages(key, stages, kinds);
    seedConflicts(root, targets, key);
    return new Seeds(values, targets);
  }

  /**
   * The stages the seed goes into: those listed under {@code seeds.stages}, or every stage whose
   * kind takes a {@code seed} param.
   *
   * @param kinds stage id to kind name of the recipe, or null when the recipe could not be read
   */
  private List<String> seedStages(String key, JsonNode listed, Map<String, String> kinds) {
    List<String> seeded =
        StageKinds.all().stream()
            .filter(k -> k.param(Seeds.AXIS).isPresent())
            .map(StageKind::name)
            .toList();
    List<String> targets = new ArrayList<>();
    if (kinds == null) {
      return targets;
    }
    if (listed == null) {
      kinds.forEach(
          (id, kind) -> {
            if (seeded.contains(kind)) {
              targets.add(id);
            }
          });
      if (targets.isEmpty()) {
        d.atKey(
            "/" + key,
            "no stage of the recipe takes a 'seed' param, so '" + key + "' has nothing to vary",
            "stages of kind "
                + String.join(", ", seeded)
                + " take a seed; add one to the recipe or remove '"
                + key
                + "'");
      }
      return targets;
    }
    String at = "/seeds/stages";
    if (!listed.isArray() || listed.isEmpty()) {
      d.at(
          at,
          "'seeds.stages' must be a non-empty list of stage ids, got "
              + (listed.isArray() ? "an empty list" : Diagnostics.describe(listed)),
          "write `stages: [teacher]`, or leave it out to seed every stage that takes a seed");
      return targets;
    }
    for (int i = 0; i < listed.size(); i++) {
      JsonNode id = listed.get(i);
      if (!id.isTextual() || !kinds.containsKey(id.asText())) {
        d.at(
            at + "/" + i,
            id.isTextual()
                ? "'seeds.stages' names unknown stage '" + id.asText() + "'"
                : "'seeds.stages' must list stage ids, got " + Diagnostics.describe(id),
            Suggest.hint(id.asText(), kinds.keySet(), "stages"));
      } else if (kinds.get(id.asText()) != null && !seeded.contains(kinds.get(id.asText()))) {
        d.at(
            at + "/" + i,
            "stage '"
                + id.asText()
                + "' (kind '"
                + kinds.get(id.asText())
                + "') takes no 'seed' param",
            "stages of kind " + String.join(", ", seeded) + " take a seed");
      } else if (!targets.contains(id.asText())) {
        targets.add(id.asText());
      }
    }
    return targets;
  }

  /** A seeded stage's seed may not also be set by a grid, zip or explicit experiment. */
  private void seedConflicts(JsonNode root, List<String> targets, String key) {
    Map<String, JsonNode> settings = new java.util.LinkedHashMap<>();
    settings.put("/grid", root.path("grid"));
    settings.put("/zip", root.path("zip"));
    JsonNode experiments = root.path("experiments");
    for (int i = 0; i < experiments.size(); i++) {
      settings.put("/experiments/" + i + "/set", experiments.get(i).path("set"));
    }
    for (String id : targets) {
      String path = "stages." + id + "." + Seeds.AXIS;
      settings.forEach(
          (at, set) -> {
            if (set.isObject() && set.has(path)) {
              d.atKey(
                  at + "/" + YamlTreeReader.escape(path),
                  "'" + path + "' is set here and also by '" + key + "'",
                  "vary the seed in one place: drop this entry, or choose the stages '"
                      + key
                      + "' seeds with `seeds: {stages: [...], values: [...]}`");
            }
          });
    }
  }

  /** {@code experiments: [{name: x, set: {stages.<id>.<param>: value, ...}}, ...]}. */
  private List<ExplicitExperiment> experiments(JsonNode v, Map<String, String> kinds) {
    List<ExplicitExperiment> out = new ArrayList<>();
    String hint =
        "write `experiments:` then items like `- {name: big-n, set: {stages.teacher.n: 16}}`";
    if (v == null || v.isNull()) {
      return out;
    }
    if (!v.isArray()) {
      d.at("/experiments", "'experiments' must be a list, got " + Diagnostics.describe(v), hint);
      return out;
    }
    java.util.Set<String> names = new java.util.HashSet<>();
    for (int i = 0; i < v.size(); i++) {
      JsonNode item = v.get(i);
      String at = "/experiments/" + i;
      if (!item.isObject()) {
        d.at(at, "an experiment must be a mapping with name and set", hint);
        continue;
      }
      new RecipeValidator(d).unknownKeys(item, at, List.of("name", "set"), "experiment");
      JsonNode name = item.get("name");
      if (name == null || !name.isTextual() || !SafeName.isValid(name.asText())) {
        d.at(
            name == null ? at : at + "/name",
            "an experiment needs a name of " + SafeName.RULE,
            hint);
        continue;
      }
      if (!names.add(name.asText())) {
        d.at(at + "/name", "experiment name '" + name.asText() + "' is used twice", hint);
        continue;
      }
      JsonNode set = item.get("set");
      List<Axis> settings =
          set == null ? List.of() : axes("experiment", at + "/set", set, kinds, true);
      out.add(new ExplicitExperiment(name.asText(), settings));
    }
    return out;
  }

  /** {@code budget: {<base_url>: {tokens: N, usd: X}}}. */
  private Map<String, Budget> budgets(JsonNode v) {
    Map<String, Budget> budgets = new java.util.TreeMap<>();
    String hint =
        "write `budget: {\"https://api.example.com/v1\": {tokens: 2000000, usd: 50}}`, keyed by"
            + " the teacher's base_url";
    if (v == null || v.isNull()) {
      return budgets;
    }
    if (!v.isObject()) {
      d.at("/budget", "'budget' must be a mapping, got " + Diagnostics.describe(v), hint);
      return budgets;
    }
    v.fields()
        .forEachRemaining(
            entry -> {
              String at = "/budget/" + entry.getKey().replace("~", "~0").replace("/", "~1");
              JsonNode limits = entry.getValue();
              String badUrl = EndpointUrls.problem(entry.getKey());
              if (badUrl != null) {
                d.atKey(
                    at,
                    "budget endpoint '"
                        + entry.getKey()
                        + "' must be "
                        + EndpointUrls.REQUIREMENT
                        + ", as the teacher's base_url",
                    badUrl);
                return;
              }
              if (!limits.isObject()) {
                d.at(at, "a budget must be a mapping with tokens and/or usd", hint);
                return;
              }
              new RecipeValidator(d).unknownKeys(limits, at, List.of("tokens", "usd"), "budget");
              JsonNode tokens = ParamChecker.coerce(ParamType.INTEGER, limits.path("tokens"));
              JsonNode usd = ParamChecker.coerce(ParamType.NUMBER, limits.path("usd"));
              boolean hasTokens = limits.has("tokens");
              boolean hasUsd = limits.has("usd");
              if ((hasTokens && (tokens == null || tokens.asLong() <= 0))
                  || (hasUsd && (usd == null || usd.asDouble() <= 0))
                  || (!hasTokens && !hasUsd)) {
                d.at(at, "a budget needs tokens and/or usd, each greater than 0", hint);
                return;
              }
              budgets.put(
                  entry.getKey(),
                  new Budget(
                      hasTokens ? tokens.asLong() : 0,
                      hasUsd ? Math.round(usd.asDouble() * 1e6) : 0));
            });
    return budgets;
  }

  private String name(JsonNode v) {
    String hint = "use " + SafeName.RULE + ", e.g. `sweep: keep-vs-n`";
    if (v == null) {
      d.at("", "the sweep is missing required key 'sweep'", "add `sweep: <name>`; " + hint);
      return null;
    }
    if (!v.isTextual()) {
      d.at("/sweep", "'sweep' must be a string, got " + Diagnostics.describe(v), hint);
      return null;
    }
    if (!SafeName.isValid(v.asText())) {
      d.at("/sweep", "invalid sweep name '" + v.asText() + "'", hint);
      return null;
    }
    return v.asText();
  }

  private int parallelism(JsonNode v) {
    if (v == null) {
      return DEFAULT_PARALLELISM;
    }
    JsonNode n = ParamChecker.coerce(ParamType.INTEGER, v);
    if (n == null || !n.canConvertToInt() || n.intValue() < 1) {
      d.at(
          "/parallelism",
          "'parallelism' must be an integer >= 1, got " + Diagnostics.describe(v),
          "how many experiments run at once, e.g. `parallelism: 4`");
      return DEFAULT_PARALLELISM;
    }
    return n.intValue();
  }

  /**
   * Validates the axes under {@code key} ({@code grid} or {@code zip}).
   *
   * @param kinds stage id to kind name of the recipe, or null when the recipe could not be read
   */
  private List<Axis> axes(String key, JsonNode grid, Map<String, String> kinds) {
    return axes(key, "/" + key, grid, kinds, false);
  }

  /**
   * Validates param paths and their values under the pointer {@code at}; with {@code single} each
   * path has one value (an explicit experiment's {@code set}) instead of a list.
   */
  private List<Axis> axes(
      String key, String at, JsonNode grid, Map<String, String> kinds, boolean single) {
    List<Axis> axes = new ArrayList<>();
    if (grid == null || grid.isNull()) {
      return axes;
    }
    if (!grid.isObject()) {
      d.at(
          at,
          "'"
              + key
              + "' must be a mapping of param paths to value lists, got "
              + Diagnostics.describe(grid),
          "write `" + key + ":` then lines like `stages.filter.keep: [0.25, 0.5]`");
      return axes;
    }
    for (Map.Entry<String, JsonNode> axis : grid.properties()) {
      String path = axis.getKey();
      String p = at + "/" + YamlTreeReader.escape(path);
      StageKind kind = null;
      ParamSpec spec = null;
      String[] parts = path.split("\\.", -1);
      if (parts.length != 3
          || !parts[0].equals("stages")
          || parts[1].isEmpty()
          || parts[2].isEmpty()) {
        d.atKey(
            p,
            "malformed " + key + " path '" + path + "'",
            "write " + key + " paths as stages.<stage-id>.<param>, e.g. stages.filter.keep");
      } else if (kinds != null && !kinds.containsKey(parts[1])) {
        d.atKey(
            p,
            key + " path '" + path + "' names unknown stage '" + parts[1] + "'",
            Suggest.hint(parts[1], kinds.keySet(), "stages"));
      } else if (kinds != null && kinds.get(parts[1]) != null) {
        kind = StageKinds.find(kinds.get(parts[1])).orElse(null);
        if (kind != null) {
          spec = kind.param(parts[2]).orElse(null);
          if (spec == null) {
            d.atKey(
                p,
                key
                    + " path '"
                    + path
                    + "': stage kind '"
                    + kind.name()
                    + "' has no param '"
                    + parts[2]
                    + "'",
                Suggest.hint(
                    parts[2], kind.params().stream().map(ParamSpec::name).toList(), "params"));
          }
        }
      }
      JsonNode values = axis.getValue();
      if (single) {
        JsonNode value = axis.getValue();
        if (spec != null) {
          value =
              ParamChecker.checkValue(kind, spec, value, key + " value for '" + path + "'", p, d);
        }
        if (value != null) {
          axes.add(new Axis(path, List.of(value)));
        }
        continue;
      }
      if (!values.isArray() || values.isEmpty()) {
        d.at(
            p,
            key
                + " axis '"
                + path
                + "' must be a non-empty list of values, got "
                + (values.isArray() ? "an empty list" : Diagnostics.describe(values)),
            "write `" + path + ": [value1, value2]`");
        continue;
      }
      List<JsonNode> checked = new ArrayList<>();
      for (int i = 0; i < values.size(); i++) {
        JsonNode value = values.get(i);
        if (spec != null) {
          value =
              ParamChecker.checkValue(
                  kind, spec, value, key + " value for '" + path + "'", p + "/" + i, d);
        }
        checked.add(value);
      }
      if (!checked.contains(null)) {
        axes.add(new Axis(path, checked));
        if (key.equals("grid")) {
          duplicateValues(path, p, values, checked);
        }
      }
    }
    return axes;
  }

  /**
   * Reports a grid value equal to an earlier one once parsed ({@code 0.1} and {@code 0.10}, {@code
   * 1} and {@code 1.0}): the two would make identical experiments under different names.
   */
  private void duplicateValues(String path, String p, JsonNode written, List<JsonNode> checked) {
    Map<Integer, List<Integer>> earlier = new HashMap<>();
    for (int j = 0; j < checked.size(); j++) {
      List<Integer> candidates =
          earlier.computeIfAbsent(sameHash(checked.get(j)), h -> new ArrayList<>());
      for (int i : candidates) {
        if (same(checked.get(i), checked.get(j))) {
          d.at(
              p + "/" + j,
              "grid axis '"
                  + path
                  + "' lists "
                  + ParamChecker.render(written.get(j))
                  + " here and "
                  + ParamChecker.render(written.get(i))
                  + " at "
                  + d.where(p + "/" + i)
                  + ", which are equal once parsed, so they would make two identical"
                  + " experiments",
              "list each value once");
          break;
        }
      }
      candidates.add(j);
    }
  }

  /**
   * Reports a zip position whose values equal an earlier position's on every zip axis: the two
   * would make identical experiments.
   */
  private void duplicateCombinations(List<Axis> zip) {
    int size = zip.get(0).values().size();
    Map<Integer, List<Integer>> earlier = new HashMap<>();
    for (int j = 0; j < size; j++) {
      int hash = 1;
      for (Axis axis : zip) {
        hash = 31 * hash + sameHash(axis.values().get(j));
      }
      List<Integer> candidates = earlier.computeIfAbsent(hash, h -> new ArrayList<>());
      for (int i : candidates) {
        int a = i;
        int b = j;
        if (zip.stream().allMatch(axis -> same(axis.values().get(a), axis.values().get(b)))) {
          String first = "/zip/" + YamlTreeReader.escape(zip.get(0).path());
          d.at(
              first + "/" + j,
              "zip position "
                  + (j + 1)
                  + " repeats position "
                  + (i + 1)
                  + " (at "
                  + d.where(first + "/" + i)
                  + ") on every zip axis, so the two would make identical experiments",
              "change one of the values, or remove the repeated position from every zip axis");
          break;
        }
      }
      candidates.add(j);
    }
  }

  /**
   * A hash that agrees with {@link #same}, so that a list's repeated values are found in one pass
   * instead of comparing every pair: a sweep may list thousands of values on one axis.
   */
  private static int sameHash(JsonNode v) {
    if (v.isNumber()) {
      return v.isFloatingPointNumber() && !Double.isFinite(v.doubleValue())
          ? Double.hashCode(v.doubleValue())
          : v.decimalValue().stripTrailingZeros().hashCode();
    }
    int hash = v.getNodeType().ordinal();
    if (v.isObject()) {
      for (Map.Entry<String, JsonNode> field : v.properties()) {
        hash += field.getKey().hashCode() ^ sameHash(field.getValue());
      }
    } else if (v.isArray()) {
      for (JsonNode item : v) {
        hash = 31 * hash + sameHash(item);
      }
    } else {
      hash = v.hashCode();
    }
    return hash;
  }

  /** Whether two values are equal as content addresses see them: numbers by value. */
  private static boolean same(JsonNode a, JsonNode b) {
    return a.equals(
        (x, y) ->
            x.isNumber() && y.isNumber()
                ? x.decimalValue().compareTo(y.decimalValue())
                : x.equals(y) ? 0 : 1,
        b);
  }
}
