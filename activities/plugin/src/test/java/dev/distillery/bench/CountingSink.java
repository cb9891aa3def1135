package dev.distillery.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.distillery.store.JsonLine;
import dev.distillery.store.RowSink;
import java.io.IOException;

/**
 * Forwards to a real sink and counts the dropped rows whose id carries {@code plantedTag}, to
 * measure the recall of planted near copies.
 */
final class CountingSink implements RowSink {
  private final RowSink out;
  private final String plantedTag;
  private final long[] droppedPlanted;

  CountingSink(RowSink out, String plantedTag, long[] droppedPlanted) {
    this.out = out;
    this.plantedTag = plantedTag;
    this.droppedPlanted = droppedPlanted;
  }

  @Override
  public void write(ObjectNode row) throws IOException {
    out.write(row);
  }

  @Override
  public void write(JsonLine line) throws IOException {
    out.write(line);
  }

  @Override
  public void dropRow(JsonLine line, String reason, ObjectNode detail) throws IOException {
    if (line.text("id").endsWith(plantedTag)) {
      droppedPlanted[0]++;
    }
    out.dropRow(line, reason, detail);
  }

  @Override
  public void countIn(long rows) {
    out.countIn(rows);
  }

  @Override
  public void drop(String reason) {
    out.drop(reason);
  }

  @Override
  public void dropRow(ObjectNode row, String reason, ObjectNode detail) throws IOException {
    if (row.get("id").asText().endsWith(plantedTag)) {
      droppedPlanted[0]++;
    }
    out.dropRow(row, reason, detail);
  }

  @Override
  public void count(String counter, long delta) {
    out.count(counter, delta);
  }
}
