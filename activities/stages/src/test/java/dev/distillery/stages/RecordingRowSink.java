package dev.distillery.stages;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.distillery.store.FileSink;
import dev.distillery.store.RowSink;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A sink that keeps rows, counters and extra files in memory, for stage tests; a test may extend it
 * to fail on purpose.
 */
class RecordingRowSink implements RowSink, FileSink {
  final List<ObjectNode> rows = new ArrayList<>();
  final Map<String, Long> dropped = new TreeMap<>();
  final Map<String, Long> counters = new TreeMap<>();
  final Map<String, byte[]> files = new TreeMap<>();
  final List<ObjectNode> droppedRows = new ArrayList<>();
  final List<ObjectNode> droppedDetails = new ArrayList<>();
  long rowsIn;

  /** The ids of the rows written, in order. */
  synchronized List<String> ids() {
    return StageFixtures.ids(rows);
  }

  @Override
  public synchronized void write(ObjectNode row) throws IOException {
    rows.add(row);
  }

  @Override
  public synchronized void writeFile(String name, byte[] content) {
    files.put(name, content.clone());
  }

  @Override
  public synchronized void writeFile(String name, Path file) throws IOException {
    files.put(name, Files.readAllBytes(file));
  }

  @Override
  public synchronized void countIn(long rows) {
    rowsIn += rows;
  }

  @Override
  public synchronized void drop(String reason) {
    dropped.merge(reason, 1L, Long::sum);
  }

  @Override
  public synchronized void dropRow(ObjectNode row, String reason, ObjectNode detail) {
    drop(reason);
    droppedRows.add(row);
    droppedDetails.add(detail);
  }

  @Override
  public synchronized void count(String counter, long delta) {
    counters.merge(counter, delta, Long::sum);
  }
}
