package dev.distillery.store;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;

/** Where a stage writes its output rows and counts what it read and dropped. */
public interface RowSink {
  /** Appends one output row. */
  void write(ObjectNode row) throws IOException;

  /** Counts rows read from the inputs. */
  void countIn(long rows);

  /** Counts one row dropped for {@code reason} (a short snake_case word, e.g. duplicate). */
  void drop(String reason);

  /** Adds to a named counter recorded in the manifest (requests, tokens, per-source counts). */
  void count(String counter, long delta);
}
