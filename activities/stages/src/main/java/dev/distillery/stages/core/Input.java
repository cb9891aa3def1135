package dev.distillery.stages.core;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.distillery.store.JsonLine;

/** The rows of one input artifact. Each call to {@link #forEach} streams them again. */
public interface Input {
  /** The producing stage's kind, for error messages. */
  String kind();

  /** The content address of the artifact, or an empty string when it has none (tests). */
  default String address() {
    return "";
  }

  /** Streams every row, verifying checksums as it goes. */
  void forEach(RowAction action) throws Exception;

  /**
   * Streams every row as its JSON line, parsed only as far as the action asks; for stages that read
   * a few fields and pass most rows on unchanged. This default serializes each row of {@link
   * #forEach}.
   */
  default void forEachLine(LineAction action) throws Exception {
    forEach(row -> action.accept(JsonLine.of(row)));
  }

  /** What to do with one row. */
  @FunctionalInterface
  interface RowAction {
    void accept(ObjectNode row) throws Exception;
  }

  /** What to do with one row's line. */
  @FunctionalInterface
  interface LineAction {
    void accept(JsonLine line) throws Exception;
  }
}
