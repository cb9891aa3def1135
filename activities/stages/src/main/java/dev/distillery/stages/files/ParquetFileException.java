package dev.distillery.stages.files;

import dev.distillery.stages.core.StageUserException;
import java.io.IOException;

/**
 * A file that DuckDB cannot read as Parquet: not Parquet at all, cut short, or corrupt. Retrying
 * does not help; stages turn it into a {@link StageUserException} naming the file.
 */
final class ParquetFileException extends IOException {
  private static final long serialVersionUID = 1L;

  ParquetFileException(String message, Throwable cause) {
    super(message, cause);
  }
}
