package dev.distillery.stages;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.distillery.stages.files.RecordConsumer;
import java.io.IOException;
import java.util.Map;

/**
 * Turns the records of one source file into question rows: applies the field mapping, stops at
 * {@code limit} rows, and either writes each row or offers it to the sample. Records are numbered
 * by {@code unit}: the line of a JSONL or CSV file, the row of a Parquet file.
 */
final class SourceRows implements RecordConsumer {
  private static final String KIND = "source";

  private final StageContext context;
  private final String location;
  private final String unit;
  private final FieldMapping fields;
  private final String sourceName;
  private final String domain;
  private final long limit;
  private final Reservoir sample;
  private long accepted;

  SourceRows(
      StageContext context,
      String location,
      String unit,
      FieldMapping fields,
      String sourceName,
      String domain,
      long limit,
      Reservoir sample) {
    this.context = context;
    this.location = location;
    this.unit = unit;
    this.fields = fields;
    this.sourceName = sourceName;
    this.domain = domain;
    this.limit = limit;
    this.sample = sample;
  }

  /** Whether {@code limit} rows have been taken and reading may stop. */
  @Override
  public boolean full() {
    return accepted >= limit;
  }

  /** Counts a record that could not be parsed. */
  @Override
  public void malformed(String reason, long line) {
    context.out().countIn(1);
    context.out().drop(reason);
  }

  /** Maps one record read from {@code line} of the file (a row number for Parquet). */
  @Override
  public void accept(JsonNode record, long line) throws IOException, StageUserException {
    context.out().countIn(1);
    if (!record.isObject()) {
      context.out().drop("not_an_object");
      return;
    }
    Map.Entry<String, String> missing = fields.firstMissing(record);
    if (missing != null) {
      throw context.userError(
          KIND,
          unit
              + " "
              + line
              + " of '"
              + location
              + "' has no field '"
              + missing.getValue()
              + "', which params."
              + missing.getKey()
              + " names. The fields on that line are "
              + fieldNames(record)
              + ". Fix params."
              + missing.getKey()
              + " to name one of them, or remove it if the file does not have that"
              + " information.");
    }
    String question = fields.text(record, Rows.QUESTION);
    if (question == null || question.isBlank()) {
      context.out().drop("missing_question");
      return;
    }
    String id = fields.text(record, Rows.ID);
    String rowDomain = fields.text(record, Rows.DOMAIN);
    ObjectNode row =
        Rows.question(
            id == null ? sourceName + "-" + line : id,
            sourceName,
            rowDomain == null ? domain : rowDomain,
            question,
            fields.text(record, Rows.ANSWER));
    ObjectNode metadata = fields.metadataOf(record);
    if (metadata != null) {
      row.set("metadata", metadata);
    }
    accepted++;
    if (sample != null) {
      sample.offer(row, line);
    } else {
      context.out().write(row);
    }
    if (accepted % 10_000 == 0) {
      context.progress().report(accepted, -1);
    }
  }

  /** Writes the sample, if sampling, and counts the rows it left out. */
  void finish() throws IOException {
    if (sample == null) {
      return;
    }
    var rows = sample.sample();
    for (long i = rows.size(); i < sample.seen(); i++) {
      context.out().drop("not_sampled");
    }
    for (ObjectNode row : rows) {
      context.out().write(row);
    }
  }

  private static String fieldNames(JsonNode record) {
    StringBuilder names = new StringBuilder();
    record
        .fieldNames()
        .forEachRemaining(n -> names.append(names.length() == 0 ? "" : ", ").append(n));
    return names.length() == 0 ? "none" : names.toString();
  }
}
