package dev.distillery.stages.files;

import com.fasterxml.jackson.databind.JsonNode;

/** Receives the records {@link RecordFiles} reads from one file, in file order. */
public interface RecordConsumer {
  /** Whether reading may stop: enough records were taken. */
  default boolean full() {
    return false;
  }

  /** A record that cannot be read as one; the consumer decides whether that fails the file. */
  void malformed(BadRecord bad) throws Exception;

  /**
   * One record, as a JSON value (an object unless the file holds other JSON), read from {@code
   * line} of a JSONL or CSV file or row {@code line} of a Parquet file, counting from 1.
   */
  void accept(JsonNode record, long line) throws Exception;
}
