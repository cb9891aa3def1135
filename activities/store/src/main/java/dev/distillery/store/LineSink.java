package dev.distillery.store;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;

/**
 * A {@link RowSink} that stores rows as JSON lines: a row is serialized and a {@link JsonLine}
 * keeps its bytes as they are, both appended by {@link #writeLine}.
 */
interface LineSink extends RowSink {
  /** Appends one JSON object's UTF-8 bytes (one line, no newline). */
  void writeLine(byte[] line) throws IOException;

  @Override
  default void write(ObjectNode row) throws IOException {
    writeLine(StoreJson.MAPPER.writeValueAsBytes(row));
  }

  @Override
  default void write(JsonLine line) throws IOException {
    writeLine(line.bytes());
  }
}
