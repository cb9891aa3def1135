package dev.distillery.recipe;

import java.io.IOException;

/**
 * Reads a file that a sweep or recipe names by path: a sweep's {@code recipe:} file or an {@code
 * include:}. The loader does no I/O itself; the caller resolves the path against the folder of the
 * file it asked the loader to parse and returns the file's text.
 */
@FunctionalInterface
public interface RecipeSource {
  /**
   * Returns the text of the file.
   *
   * @param relativePath the path relative to the folder of the parsed file: as written when the
   *     parsed file names it, joined to the folder of an included file that names it
   * @throws IOException when the file cannot be read; it becomes a located {@link Problem}
   */
  String read(String relativePath) throws IOException;
}
