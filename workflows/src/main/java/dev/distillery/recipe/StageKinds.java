package dev.distillery.recipe;

import static dev.distillery.recipe.ParamSpec.tuning;
import static dev.distillery.recipe.ParamType.STRING;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * The catalogue of stage kinds a recipe may use: every {@link StageKindSpec} on the class path,
 * loaded once with {@link ServiceLoader} in the order of their {@code META-INF/services} entries.
 * The built-in kinds register in the activities module exactly as users' kinds do in theirs.
 */
public final class StageKinds {
  /** The loaded catalogue; null until first used, and again after a load that failed. */
  private static volatile Loaded loaded;

  private StageKinds() {}

  /** The kinds by name, each as its contract and as recipes see it. */
  private record Loaded(Map<String, StageKindSpec> specs, Map<String, StageKind> kinds) {}

  /**
   * The catalogue, loaded on first use; a {@link KindCatalogueException} is thrown on every use
   * while the class path holds no valid catalogue (not a class initialization error).
   */
  private static Loaded loaded() {
    Loaded current = loaded;
    if (current == null) {
      synchronized (StageKinds.class) {
        current = loaded;
        if (current == null) {
          Map<String, StageKindSpec> specs =
              index(ServiceLoader.load(StageKindSpec.class, StageKinds.class.getClassLoader()));
          Map<String, StageKind> kinds = new LinkedHashMap<>();
          specs.values().forEach(spec -> kinds.put(spec.name(), describe(spec)));
          current = new Loaded(specs, Collections.unmodifiableMap(kinds));
          loaded = current;
        }
      }
    }
    return current;
  }

  /**
   * The kinds by name, in the given order.
   *
   * @throws KindCatalogueException when two kinds share a name, naming both classes
   */
  public static Map<String, StageKindSpec> index(Iterable<? extends StageKindSpec> kinds) {
    Map<String, StageKindSpec> byName = new LinkedHashMap<>();
    for (StageKindSpec kind : kinds) {
      StageKindSpec other = byName.putIfAbsent(kind.name(), kind);
      if (other != null) {
        throw new KindCatalogueException(
            "two stage kinds are named '"
                + kind.name()
                + "': "
                + other.getClass().getName()
                + " and "
                + kind.getClass().getName()
                + ". Rename one, or remove one of their META-INF/services entries from the class"
                + " path.");
      }
    }
    return Collections.unmodifiableMap(byName);
  }

  /**
   * A kind as recipes see it: its params, where kinds that read local files also take {@code
   * base_dir}: the folder their relative paths resolve against, which the planner sets to the sweep
   * or recipe file's folder. A tuning param, so the same files give the same content address from
   * any folder.
   */
  public static StageKind describe(StageKindSpec spec) {
    List<ParamSpec> params = new ArrayList<>(spec.params());
    if (!spec.fileParams().isEmpty()) {
      params.add(
          tuning(
              "base_dir",
              STRING,
              null,
              "the folder relative local paths resolve against; set by `run`, `submit` and"
                  + " `plan` to the folder of the sweep or recipe file"));
    }
    return new StageKind(
        spec.name(), spec.version(), params, spec.minInputs(), spec.maxInputs(), spec.summary());
  }

  /** The kind written as {@code name} in recipes, if there is one. */
  public static Optional<StageKind> find(String name) {
    return Optional.ofNullable(loaded().kinds().get(name));
  }

  /** The kind's full contract, if there is one. */
  public static Optional<StageKindSpec> spec(String name) {
    return Optional.ofNullable(loaded().specs().get(name));
  }

  /** Every kind's contract, in catalogue order. */
  public static List<StageKindSpec> specs() {
    return List.copyOf(loaded().specs().values());
  }

  /** Every kind, in catalogue order. */
  public static List<StageKind> all() {
    return List.copyOf(loaded().kinds().values());
  }

  /** The names of every kind, in catalogue order. */
  public static List<String> names() {
    return List.copyOf(loaded().kinds().keySet());
  }

  /** The params of a kind that name files its stages read; empty when it reads none. */
  public static List<String> fileParams(String kindName) {
    return spec(kindName).map(StageKindSpec::fileParams).orElse(List.of());
  }

  /** How a stage of the kind with these params runs; {@link StageTraits#NONE} for unknown kinds. */
  public static StageTraits traits(String kindName, JsonNode params) {
    return spec(kindName).map(k -> k.traits(params)).orElse(StageTraits.NONE);
  }

  /** The value checks of a kind beyond parameter types; empty for unknown kinds. */
  public static List<ParamRule> rules(String kindName) {
    return spec(kindName).map(StageKindSpec::rules).orElse(List.of());
  }
}
