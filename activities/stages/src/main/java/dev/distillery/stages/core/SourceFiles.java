package dev.distillery.stages.core;

import java.io.IOException;
import java.io.InputStream;

/** Opens source data by path or URI: a local path, or {@code s3://bucket/key}. */
public interface SourceFiles {
  /**
   * Opens the raw bytes (no decompression). Throws {@link java.io.FileNotFoundException} when it
   * does not exist.
   */
  InputStream open(String pathOrUri) throws IOException;
}
