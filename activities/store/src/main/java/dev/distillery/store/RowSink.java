package dev.distillery.store;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;

/** Where a stage writes its output rows and counts what it read and dropped. */
public interface RowSink {
  /** Appends one output row. */
  void write(ObjectNode row) throws IOException;

  /**
   * Appends one output row given as its JSON line. Sinks that store lines copy its bytes as they
   * are; this default parses it and calls {@link #write(ObjectNode)}.
   */
  default void write(JsonLine line) throws IOException {
    write(line.tree());
  }

  /** Counts rows read from the inputs. */
  void countIn(long rows);

  /** Counts one row dropped for {@code reason} (a short snake_case word, e.g. duplicate). */
  void drop(String reason);

  /**
   * Drops {@code row} for {@code reason}, as {@link #drop}, and records why: sinks that keep
   * dropped rows store a copy of {@code row} whose {@code dropped_by} field holds the stage id,
   * {@code reason} and the fields of {@code detail} (for example {@code duplicate_of} and {@code
   * similarity}). This default only counts the drop.
   */
  default void dropRow(ObjectNode row, String reason, ObjectNode detail) throws IOException {
    drop(reason);
  }

  /** {@link #dropRow(ObjectNode, String, ObjectNode)} for a row given as its JSON line. */
  default void dropRow(JsonLine line, String reason, ObjectNode detail) throws IOException {
    dropRow(line.tree(), reason, detail);
  }

  /** Adds to a named counter recorded in the manifest (requests, tokens, per-source counts). */
  void count(String counter, long delta);

  /** A sink that keeps nothing, for the steps of a stage that write no rows. */
  RowSink NONE =
      new RowSink() {
        @Override
        public void write(ObjectNode row) {
          throw new IllegalStateException("this step of the stage writes no rows");
        }

        @Override
        public void countIn(long rows) {}

        @Override
        public void drop(String reason) {}

        @Override
        public void count(String counter, long delta) {}
      };
}
