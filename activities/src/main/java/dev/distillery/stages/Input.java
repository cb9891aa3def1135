package dev.distillery.stages;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** The rows of one input artifact. Each call to {@link #forEach} streams them again. */
public interface Input {
  /** The producing stage's kind, for error messages. */
  String kind();

  /** Streams every row, verifying checksums as it goes. */
  void forEach(RowAction action) throws Exception;

  /** What to do with one row. */
  @FunctionalInterface
  interface RowAction {
    void accept(ObjectNode row) throws Exception;
  }
}
