package dev.distillery.stages;

import dev.distillery.recipe.KindCatalogueException;
import dev.distillery.recipe.StageKindSpec;
import dev.distillery.recipe.StageKinds;
import dev.distillery.stages.core.Stage;
import dev.distillery.stages.core.StageEnvironment;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Maps each stage kind name to its implementation. */
public final class StageRegistry {
  private final Map<String, Stage> stages;

  public StageRegistry(Map<String, Stage> stages) {
    this.stages = Map.copyOf(stages);
  }

  /** Every kind on the class path; training commands work under the system's temporary folder. */
  public static StageRegistry builtIn() {
    return builtIn(Path.of(System.getProperty("java.io.tmpdir"), "distillery-train"));
  }

  /**
   * Every kind in the {@link StageKinds} catalogue: the built-in kinds and those of users on the
   * class path, loaded alike.
   *
   * @param trainDir where {@code train} stages without {@code work_dir} keep their folders
   * @throws KindCatalogueException when a kind has a spec but no implementation
   */
  public static StageRegistry builtIn(Path trainDir) {
    return of(StageKinds.specs(), new StageEnvironment(trainDir));
  }

  /**
   * The implementations of {@code kinds}.
   *
   * @throws KindCatalogueException when a kind has a spec but no implementation (it implements
   *     {@link StageKindSpec} but not {@link StageKindDefinition}), or two kinds share a name
   */
  public static StageRegistry of(List<? extends StageKindSpec> kinds, StageEnvironment env) {
    Map<String, Stage> stages = new LinkedHashMap<>();
    for (StageKindSpec kind : StageKinds.index(kinds).values()) {
      if (!(kind instanceof StageKindDefinition definition)) {
        throw new KindCatalogueException(
            "stage kind '"
                + kind.name()
                + "' ("
                + kind.getClass().getName()
                + ") has a spec but no implementation: implement "
                + StageKindDefinition.class.getName()
                + " instead of "
                + StageKindSpec.class.getSimpleName()
                + ", so that workers can run its stages.");
      }
      stages.put(kind.name(), definition.stage(env));
    }
    return new StageRegistry(stages);
  }

  public Optional<Stage> find(String kind) {
    return Optional.ofNullable(stages.get(kind));
  }
}
