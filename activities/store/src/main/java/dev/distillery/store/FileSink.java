package dev.distillery.store;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Where a stage writes named files beside its rows, for example a LLaMA-Factory {@code
 * dataset_info.json}. Each file is listed in the stage's manifest ({@link Manifest#extraFiles()})
 * with its sha256 and size, and is part of the artifact like the rows.
 */
public interface FileSink {
  /**
   * Stores {@code content} as the file {@code name} (a plain file name, no slashes) of this
   * attempt. Writing the same name twice keeps the last content.
   */
  void writeFile(String name, byte[] content) throws IOException;

  /**
   * Stores the local file {@code file} as the file {@code name} (a plain file name, no slashes) of
   * this attempt, streamed rather than held in memory, for large files such as a Parquet export.
   * The file must not change until this returns; the caller still owns it (and deletes it). Writing
   * the same name twice keeps the last content.
   */
  void writeFile(String name, Path file) throws IOException;
}
