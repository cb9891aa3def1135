package dev.distillery.stages;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.distillery.stages.core.Stage;
import dev.distillery.stages.core.StageContext;
import dev.distillery.stages.files.RecordFiles;

/**
 * {@code source}: reads questions from a JSONL, CSV or Parquet file, optionally zstd-compressed, at
 * a local path, an {@code s3://} URI, an {@code http(s)://} URL or an {@code hf://datasets/...}
 * URI. Remote files are downloaded to the worker's cache first (see {@link
 * dev.distillery.stages.files.RemoteSources}); a Parquet object in S3 is copied to a temp file,
 * since Parquet is read from its footer backwards (see {@link
 * dev.distillery.stages.files.ParquetRecords}). The format comes from {@code format} or the file
 * extension; zstd is recognized by its magic bytes. A Parquet row is mapped as the JSON object
 * DuckDB makes of it, so JSON pointers reach into its structs and lists; its 1-based row number
 * stands in for the line number in ids and messages. The {@code fields} mapping names the file's
 * fields for {@code question}, {@code id}, {@code answer} and {@code domain}; {@code metadata}
 * lists fields kept under the row's {@code metadata}. A mapped field absent from a record is a user
 * error naming the field and line. A file that is not text, and a file that gives no question row,
 * are user errors. A record that cannot be read (a JSONL line that is not a JSON object, a CSV
 * record with the wrong number of fields, a line that is not UTF-8) fails the stage naming its
 * line, unless {@code on_bad_row: skip} (see {@link BadRows}); records without question text are
 * dropped. Both kinds of drop go to the stage's dropped rows with their reason and line. With
 * {@code sample}, a seeded reservoir sample of that many rows is kept, in file order.
 */
public final class SourceStage implements Stage {
  private static final String KIND = "source";

  @Override
  public void run(StageContext context) throws Exception {
    ObjectNode params = context.params();
    String path = params.get("path").asText();
    FieldMapping fields;
    try {
      fields = FieldMapping.of(params);
    } catch (IllegalArgumentException e) {
      throw context.userError(
          KIND,
          "params.fields maps '"
              + e.getMessage()
              + "', which is not a row field. Use only "
              + FieldMapping.ROW_FIELDS
              + " as keys of params.fields; list other fields to keep in params.metadata.");
    }
    String format = RecordFiles.format(params.path("format").asText("auto"), path);
    String sourceName =
        params.hasNonNull("source_name")
            ? params.get("source_name").asText()
            : RecordFiles.baseName(path);
    long limit = params.hasNonNull("limit") ? params.get("limit").asLong() : Long.MAX_VALUE;
    Reservoir sample =
        params.hasNonNull("sample")
            ? new Reservoir(params.get("sample").asInt(), params.path("sample_seed").asLong(0))
            : null;
    SourceRows rows =
        new SourceRows(
            context,
            path,
            format.equals("parquet") ? "row" : "line",
            fields,
            sourceName,
            params.get("domain").asText(),
            limit,
            sample);
    String planned =
        params.hasNonNull("content_sha256") ? params.get("content_sha256").asText() : null;
    RecordFiles.read(
        context, new RecordFiles.Origin(KIND, "params.path"), path, format, planned, rows);
    rows.finish();
  }
}
