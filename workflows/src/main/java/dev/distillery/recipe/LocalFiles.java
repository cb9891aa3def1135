package dev.distillery.recipe;

import java.util.Optional;

/**
 * Tells the loader whether a local file that a recipe names exists; the loader does no I/O itself.
 * Remote paths ({@code s3://}, {@code http(s)://}, {@code hf://}) are never asked about.
 */
@FunctionalInterface
public interface LocalFiles {
  /**
   * Where a local path written in a recipe was looked for, when no file is there.
   *
   * @param path the path as written; a relative one resolves against the folder of the file given
   *     to the loader
   * @return the absolute path looked for when no file is there, else empty
   */
  Optional<String> missing(String path);
}
