package dev.distillery.recipe;

import java.io.IOException;

/**
 * Reads a recipe file that a sweep names by path. The loader does no I/O itself; the caller
 * resolves the path against the sweep file's folder and returns the file's text.
 */
@FunctionalInterface
public interface RecipeSource {
  /**
   * Returns the text of the recipe file.
   *
   * @param relativePath the path exactly as written in the sweep's {@code recipe:} key
   * @throws IOException when the file cannot be read; it becomes a located {@link Problem}
   */
  String read(String relativePath) throws IOException;
}
