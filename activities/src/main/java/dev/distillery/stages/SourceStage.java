package dev.distillery.stages;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.luben.zstd.ZstdInputStream;
import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.FileNotFoundException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * {@code source}: reads questions from a JSONL, CSV or Parquet file, optionally zstd-compressed, at
 * a local path, an {@code s3://} URI, an {@code http(s)://} URL or an {@code hf://datasets/...}
 * URI. Remote files are downloaded to the worker's cache first (see {@link RemoteSources}); a
 * Parquet object in S3 is copied to a temp file, since Parquet is read from its footer backwards
 * (see {@link ParquetRecords}). The format comes from {@code format} or the file extension; zstd is
 * recognized by its magic bytes. A Parquet row is mapped as the JSON object DuckDB makes of it, so
 * JSON pointers reach into its structs and lists; its 1-based row number stands in for the line
 * number in ids and messages. The {@code fields} mapping names the file's fields for {@code
 * question}, {@code id}, {@code answer} and {@code domain}; {@code metadata} lists fields kept
 * under the row's {@code metadata}. A mapped field absent from a record is a user error naming the
 * field and line. Records that do not parse or have no question text are dropped and counted. With
 * {@code sample}, a seeded reservoir sample of that many rows is kept, in file order.
 */
public final class SourceStage implements Stage {
  private static final String KIND = "source";
  private static final byte[] ZSTD_MAGIC = {0x28, (byte) 0xB5, 0x2F, (byte) 0xFD};

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
    String format = format(context, path);
    String sourceName =
        params.hasNonNull("source_name") ? params.get("source_name").asText() : baseName(path);
    long limit = params.hasNonNull("limit") ? params.get("limit").asLong() : Long.MAX_VALUE;
    Reservoir sample =
        params.hasNonNull("sample")
            ? new Reservoir(params.get("sample").asInt(), params.path("sample_seed").asLong(0))
            : null;
    boolean parquet = format.equals("parquet");
    SourceRows rows =
        new SourceRows(
            context,
            path,
            parquet ? "row" : "line",
            fields,
            sourceName,
            params.get("domain").asText(),
            limit,
            sample);
    String planned =
        params.hasNonNull("content_sha256") ? params.get("content_sha256").asText() : null;
    if (parquet) {
      readParquet(context, path, planned, rows);
      return;
    }

    InputStream raw = open(context, path);
    MessageDigest digest = MessageDigest.getInstance("SHA-256");
    DigestInputStream hashed = new DigestInputStream(raw, digest);
    try (InputStream in = decompressed(hashed);
        BufferedReader reader =
            new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16)) {
      if (format.equals("csv")) {
        readCsv(context, path, reader, rows);
      } else {
        readJsonl(reader, rows);
      }
      rows.finish();
      if (planned != null) {
        hashed.transferTo(OutputStream.nullOutputStream());
        checkUnchanged(context, path, planned, HexFormat.of().formatHex(digest.digest()));
      }
    }
  }

  private static void checkUnchanged(
      StageContext context, String path, String planned, String actual) throws StageUserException {
    if (!actual.equals(planned)) {
      throw context.userError(
          KIND,
          "'"
              + path
              + "' changed after the sweep was planned (sha256 "
              + actual
              + ", planned "
              + planned
              + "). Submit the sweep again so this stage gets the"
              + " content address of the new file.");
    }
  }

  private static void readParquet(
      StageContext context, String path, String planned, SourceRows rows) throws Exception {
    try (LocalCopy local = parquetFile(context, path)) {
      if (planned != null) {
        checkUnchanged(context, path, planned, local.sha256());
      }
      try (ParquetRecords records = ParquetRecords.open(local.path())) {
        ObjectNode record;
        while (!rows.full() && (record = records.next()) != null) {
          rows.accept(record, records.rows());
        }
      } catch (ParquetFileException e) {
        throw context.userError(
            KIND,
            "'"
                + path
                + "' is not a readable Parquet file ("
                + e.getMessage()
                + "). Check that the file is complete and really Parquet (a download cut short,"
                + " or a JSONL or CSV file named .parquet, gives this); if it is JSONL or CSV,"
                + " set params.format to jsonl or csv.");
      }
      rows.finish();
    }
  }

  private static LocalCopy parquetFile(StageContext context, String path) throws Exception {
    if (RemoteSources.isRemote(path)) {
      return LocalCopy.ofLocal(RemoteSources.fetch(context, path));
    }
    try {
      return LocalCopy.of(context.services().files(), path);
    } catch (FileNotFoundException e) {
      throw noSuchFile(context, path);
    }
  }

  private static void readJsonl(BufferedReader reader, SourceRows rows) throws Exception {
    long lineNo = 0;
    String line;
    while (!rows.full() && (line = reader.readLine()) != null) {
      lineNo++;
      if (line.isBlank()) {
        continue;
      }
      JsonNode node;
      try {
        node = Rows.JSON.readTree(line);
      } catch (JsonProcessingException e) {
        rows.malformed("malformed_json");
        continue;
      }
      rows.accept(node, lineNo);
    }
  }

  private static void readCsv(
      StageContext context, String path, BufferedReader reader, SourceRows rows) throws Exception {
    CsvReader csv = new CsvReader(reader);
    try {
      List<String> header = csv.next();
      if (header == null) {
        return;
      }
      Set<String> seen = new HashSet<>();
      for (String name : header) {
        if (!seen.add(name)) {
          throw context.userError(
              KIND,
              "the header row of '"
                  + path
                  + "' names the column '"
                  + name
                  + "' twice, so params.fields cannot tell them apart. Rename one of them in"
                  + " the file.");
        }
      }
      List<String> record;
      while (!rows.full() && (record = csv.next()) != null) {
        if (record.size() == 1 && record.get(0).isEmpty()) {
          continue;
        }
        if (record.size() != header.size()) {
          rows.malformed("wrong_field_count");
          continue;
        }
        ObjectNode node = Rows.JSON.createObjectNode();
        for (int i = 0; i < header.size(); i++) {
          node.put(header.get(i), record.get(i));
        }
        rows.accept(node, csv.recordLine());
      }
    } catch (CsvReader.CsvFormatException e) {
      throw context.userError(
          KIND,
          "line "
              + e.line
              + " of '"
              + path
              + "' is not valid CSV: "
              + e.getMessage()
              + ". Fix the file (RFC 4180: a header row, fields separated by commas, fields"
              + " with commas, quotes or line breaks in double quotes), or set params.format if"
              + " it is not CSV.");
    }
  }

  private static InputStream open(StageContext context, String path) throws Exception {
    if (RemoteSources.isRemote(path)) {
      return Files.newInputStream(RemoteSources.fetch(context, path));
    }
    try {
      return context.services().files().open(path);
    } catch (FileNotFoundException e) {
      throw noSuchFile(context, path);
    }
  }

  private static StageUserException noSuchFile(StageContext context, String path) {
    return context.userError(
        KIND,
        "cannot read params.path '"
            + path
            + "': no such file. Fix the path in the recipe "
            + "(relative paths are resolved against the worker's working directory).");
  }

  /** Decompresses zstd, recognized by its frame magic, and passes anything else through. */
  static InputStream decompressed(InputStream raw) throws java.io.IOException {
    BufferedInputStream in = new BufferedInputStream(raw, 1 << 16);
    in.mark(ZSTD_MAGIC.length);
    byte[] head = in.readNBytes(ZSTD_MAGIC.length);
    in.reset();
    return isZstd(head) ? new ZstdInputStream(in) : in;
  }

  /** Whether {@code head}, a file's first bytes, starts a zstd frame. */
  static boolean isZstd(byte[] head) {
    return head.length >= ZSTD_MAGIC.length
        && java.util.Arrays.equals(head, 0, ZSTD_MAGIC.length, ZSTD_MAGIC, 0, ZSTD_MAGIC.length);
  }

  /** {@code jsonl}, {@code csv} or {@code parquet}, from params.format or else the extension. */
  private static String format(StageContext context, String path) throws StageUserException {
    String given = context.params().path("format").asText("auto");
    String name = fileName(path).toLowerCase(Locale.ROOT);
    if (name.endsWith(".zst")) {
      name = name.substring(0, name.length() - ".zst".length());
    }
    if (!given.equals("auto")) {
      return given;
    }
    if (name.endsWith(".parquet")) {
      return "parquet";
    }
    return name.endsWith(".csv") ? "csv" : "jsonl";
  }

  /** The last path segment, without a URL's query or fragment. */
  private static String fileName(String path) {
    String name = path;
    int cut = name.indexOf('?');
    if (cut >= 0 && name.contains("://")) {
      name = name.substring(0, cut);
    }
    cut = name.indexOf('#');
    if (cut >= 0 && name.contains("://")) {
      name = name.substring(0, cut);
    }
    return name.substring(name.lastIndexOf('/') + 1);
  }

  /** {@code data/gsm8k.train.jsonl.zst} gives {@code gsm8k.train}. */
  static String baseName(String path) {
    String name = fileName(path);
    for (String ext : new String[] {".zst", ".jsonl", ".json", ".csv", ".parquet"}) {
      if (name.endsWith(ext)) {
        name = name.substring(0, name.length() - ext.length());
      }
    }
    return name;
  }
}
