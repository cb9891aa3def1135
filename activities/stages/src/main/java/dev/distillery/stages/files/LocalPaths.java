package dev.distillery.stages.files;

import dev.distillery.stages.core.StageContext;
import java.nio.file.Path;

/**
 * Resolves a relative local path a stage's params name against the stage's {@code base_dir} (the
 * folder of the sweep or recipe file that named it), so a stage reads the same file whatever folder
 * the worker runs in. URIs, absolute paths and stages without {@code base_dir} are left as written.
 */
public final class LocalPaths {
  private LocalPaths() {}

  public static String resolve(StageContext context, String path) {
    if (path.contains("://") || !context.params().hasNonNull("base_dir")) {
      return path;
    }
    Path given = Path.of(path);
    if (given.isAbsolute()) {
      return path;
    }
    return Path.of(context.params().get("base_dir").asText()).resolve(given).normalize().toString();
  }
}
