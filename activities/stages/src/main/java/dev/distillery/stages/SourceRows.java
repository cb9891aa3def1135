package dev.distillery.stages;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.distillery.stages.core.Rows;
import dev.distillery.stages.core.StageContext;
import dev.distillery.stages.core.StageUserException;
import dev.distillery.stages.files.BadRecord;
import dev.distillery.stages.files.RecordConsumer;
import dev.distillery.stages.files.RecordFiles;
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
  private final BadRows badRows;
  private long accepted;
  private long records;

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
    this.badRows = new BadRows(context, location, sourceName);
  }

  /** Whether {@code limit} rows have been taken and reading may stop. */
  @Override
  public boolean full() {
    return accepted >= limit;
  }

  /** Fails the stage on a record that could not be read, or skips it (see {@link BadRows}). */
  @Override
  public void malformed(BadRecord bad) throws IOException, StageUserException {
    badRows.handle(bad);
  }

  /** Maps one record read from {@code line} of the file (a row number for Parquet). */
  @Override
  public void accept(JsonNode record, long line) throws IOException, StageUserException {
    if (!record.isObject()) {
      badRows.handle(RecordFiles.notAnObject(record, line));
      return;
    }
    context.out().countIn(1);
    records++;
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
    String id = fields.text(record, Rows.ID);
    if (question == null || question.isBlank()) {
      badRows.drop(
          new BadRecord(line, "missing_question", "has no question text", record.toString()),
          id == null ? sourceName + "-" + line : id);
      return;
    }
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

  /**
   * Writes the sample, if sampling, and counts the rows it left out.
   *
   * @throws StageUserException when the file gave no question row at all
   */
  void finish() throws IOException, StageUserException {
    if (accepted == 0) {
      throw context.userError(KIND, nothingRead());
    }
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

  private String nothingRead() {
    if (records == 0 && badRows.count() == 0) {
      return "'"
          + location
          + "' in params.path has no records: the file is empty, or holds only blank lines or"
          + " a CSV header row. Check that params.path names the right file.";
    }
    return "none of the "
        + (records + badRows.count())
        + " records of '"
        + location
        + "' gave a question row (bad rows skipped: "
        + badRows.count()
        + "; without text in the question field '"
        + fields.fieldFor(Rows.QUESTION)
        + "': "
        + (records - accepted)
        + "). Check that params.fields.question names the file's question field, and the"
        + " dropped rows (distill artifacts cat STAGE --dropped) for what was skipped.";
  }

  private static String fieldNames(JsonNode record) {
    StringBuilder names = new StringBuilder();
    record
        .fieldNames()
        .forEachRemaining(n -> names.append(names.length() == 0 ? "" : ", ").append(n));
    return names.length() == 0 ? "none" : names.toString();
  }
}
