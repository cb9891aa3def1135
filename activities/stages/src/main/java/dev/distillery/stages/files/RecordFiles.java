package dev.distillery.stages.files;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.luben.zstd.ZstdInputStream;
import dev.distillery.stages.core.Rows;
import dev.distillery.stages.core.StageContext;
import dev.distillery.stages.core.StageUserException;
import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.FileNotFoundException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.file.Files;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Reads the records of one data file, JSONL, CSV or Parquet, optionally zstd-compressed, at a local
 * path, an {@code s3://} URI, an {@code http(s)://} URL or an {@code hf://datasets/...} URI, for
 * the stages that read files a recipe names ({@code source}, and {@code decontaminate}'s
 * benchmarks). Remote files are downloaded to the worker's cache first (see {@link RemoteSources});
 * a Parquet object in S3 is copied to a temp file, since Parquet is read from its footer backwards
 * (see {@link ParquetRecords}). zstd is recognized by its magic bytes. A Parquet row is the JSON
 * object DuckDB makes of it, so JSON pointers reach into its structs and lists.
 *
 * <p>It is long because one record loop serves three formats, compressed or not, from four kinds of
 * location.
 */
public final class RecordFiles {
  private static final byte[] ZSTD_MAGIC = {0x28, (byte) 0xB5, 0x2F, (byte) 0xFD};

  /** Reads one JSONL line; text after the value (two objects run together) is an error. */
  private static final ObjectReader LINE =
      Rows.JSON.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  /**
   * Where a file comes from, for messages: the stage kind and how the recipe names the file, e.g.
   * {@code params.path} or {@code params.benchmarks}.
   */
  public record Origin(String kind, String param) {}

  private RecordFiles() {}

  /**
   * Streams every record of {@code path} to {@code consumer} until it is {@link
   * RecordConsumer#full()}.
   *
   * @param format {@code jsonl}, {@code csv}, {@code parquet}, or {@code auto} for the extension
   * @param plannedSha256 when not null, the sha256 the file must have (checked after reading)
   * @throws StageUserException for a missing, changed or unreadable file, with the place and fix
   */
  public static void read(
      StageContext context,
      Origin origin,
      String path,
      String format,
      String plannedSha256,
      RecordConsumer consumer)
      throws Exception {
    if (format(format, path).equals("parquet")) {
      readParquet(context, origin, path, plannedSha256, consumer);
      return;
    }
    InputStream raw = open(context, origin, path);
    MessageDigest digest = MessageDigest.getInstance("SHA-256");
    DigestInputStream hashed = new DigestInputStream(raw, digest);
    try (InputStream in = new BufferedInputStream(decompressed(hashed), 1 << 16);
        BufferedReader reader =
            new BufferedReader(new InputStreamReader(in, TextBytes.decoder()), 1 << 16)) {
      refuseBinary(context, origin, path, in);
      if (format(format, path).equals("csv")) {
        readCsv(context, origin, path, reader, consumer);
      } else {
        readJsonl(reader, consumer);
      }
      if (plannedSha256 != null) {
        hashed.transferTo(OutputStream.nullOutputStream());
        checkUnchanged(
            context, origin, path, plannedSha256, HexFormat.of().formatHex(digest.digest()));
      }
    }
  }

  /** Receives each record of {@link #readObjects}. */
  @FunctionalInterface
  public interface ObjectConsumer {
    void accept(ObjectNode record, long line) throws Exception;
  }

  /**
   * Streams every record of {@code path} (format by extension) to {@code consumer}, refusing the
   * file at the first record that is not a JSON object: for files that must be read whole, such as
   * benchmarks and examples.
   *
   * @throws StageUserException naming the file, the line and the formats it may have
   */
  public static void readObjects(
      StageContext context, Origin origin, String path, ObjectConsumer consumer) throws Exception {
    read(
        context,
        origin,
        path,
        "auto",
        null,
        new RecordConsumer() {
          @Override
          public void malformed(BadRecord bad) throws StageUserException {
            throw context.userError(
                origin.kind(),
                "line "
                    + bad.line()
                    + " of '"
                    + path
                    + "' in "
                    + origin.param()
                    + " "
                    + bad.problem()
                    + ". Give a JSONL file with one object per line, a CSV file with a header"
                    + " row, or Parquet.");
          }

          @Override
          public void accept(JsonNode record, long line) throws Exception {
            if (!(record instanceof ObjectNode object)) {
              malformed(notAnObject(record, line));
              return;
            }
            consumer.accept(object, line);
          }
        });
  }

  /**
   * {@code jsonl}, {@code csv} or {@code parquet}: {@code given} unless auto, else by extension.
   */
  public static String format(String given, String path) {
    if (given != null && !given.equals("auto")) {
      return given;
    }
    String name = fileName(path).toLowerCase(Locale.ROOT);
    if (name.endsWith(".zst")) {
      name = name.substring(0, name.length() - ".zst".length());
    }
    if (name.endsWith(".parquet")) {
      return "parquet";
    }
    return name.endsWith(".csv") ? "csv" : "jsonl";
  }

  private static void checkUnchanged(
      StageContext context, Origin origin, String path, String planned, String actual)
      throws StageUserException {
    if (!actual.equals(planned)) {
      throw context.userError(
          origin.kind(),
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
      StageContext context, Origin origin, String path, String planned, RecordConsumer rows)
      throws Exception {
    try (LocalCopy local = parquetFile(context, origin, path)) {
      if (planned != null) {
        checkUnchanged(context, origin, path, planned, local.sha256());
      }
      try (ParquetRecords records = ParquetRecords.open(local.path())) {
        ObjectNode record;
        while (!rows.full() && (record = records.next()) != null) {
          rows.accept(record, records.rows());
        }
      } catch (ParquetFileException e) {
        throw context.userError(
            origin.kind(),
            "'"
                + path
                + "' is not a readable Parquet file ("
                + e.getMessage()
                + "). Check that the file is complete and really Parquet (a download cut short,"
                + " or a JSONL or CSV file named .parquet, gives this); if it is JSONL or CSV,"
                + " set params.format to jsonl or csv.");
      }
    }
  }

  private static LocalCopy parquetFile(StageContext context, Origin origin, String path)
      throws Exception {
    if (RemoteSources.isRemote(path)) {
      return LocalCopy.ofLocal(RemoteSources.fetch(context, path));
    }
    try {
      return LocalCopy.of(context.services().files(), LocalPaths.resolve(context, path));
    } catch (FileNotFoundException e) {
      throw noSuchFile(context, origin, path);
    }
  }

  /** A record that is JSON but not an object, as a {@link BadRecord}. */
  public static BadRecord notAnObject(JsonNode record, long line) {
    String what =
        switch (record.getNodeType()) {
          case ARRAY -> "a JSON array";
          case STRING -> "a JSON string";
          case NUMBER -> "a JSON number";
          case BOOLEAN -> "a JSON boolean";
          case NULL -> "JSON null";
          default -> "a JSON " + record.getNodeType().name().toLowerCase(Locale.ROOT);
        };
    return new BadRecord(
        line, "not_an_object", "is " + what + ", not an object", record.toString());
  }

  /**
   * Refuses a file whose first bytes show it is not text, before any of it is read as records: a
   * binary file would otherwise read as lines of garbage.
   */
  private static void refuseBinary(StageContext context, Origin origin, String path, InputStream in)
      throws Exception {
    in.mark(TextBytes.SNIFF);
    byte[] head = new byte[TextBytes.SNIFF];
    int length = in.readNBytes(head, 0, head.length);
    in.reset();
    String binary = TextBytes.binary(head, length);
    if (binary != null) {
      throw context.userError(
          origin.kind(),
          "'"
              + path
              + "' in "
              + origin.param()
              + " is not JSONL or CSV text: it holds "
              + binary
              + ". Check that "
              + origin.param()
              + " names the right file; JSONL and CSV files must be UTF-8 text, optionally"
              + " zstd-compressed.");
    }
  }

  private static void readJsonl(BufferedReader reader, RecordConsumer rows) throws Exception {
    long lineNo = 0;
    String line;
    while (!rows.full() && (line = reader.readLine()) != null) {
      lineNo++;
      if (line.isBlank()) {
        continue;
      }
      BadRecord notText = TextBytes.problem(line, lineNo);
      if (notText != null) {
        rows.malformed(notText);
        continue;
      }
      JsonNode node;
      try {
        node = LINE.readTree(line);
      } catch (JsonProcessingException e) {
        rows.malformed(
            new BadRecord(
                lineNo, "malformed_json", "is not valid JSON (" + shortMessage(e) + ")", line));
        continue;
      }
      rows.accept(node, lineNo);
    }
  }

  /** Why a CSV record is not text, or null; checked field by field to spare a copy per record. */
  private static BadRecord notText(List<String> record, long line) {
    for (String field : record) {
      if (TextBytes.problem(field, line) != null) {
        return TextBytes.problem(String.join(",", record), line);
      }
    }
    return null;
  }

  /** Jackson's message without the location and source it appends, on one short line. */
  private static String shortMessage(JsonProcessingException e) {
    String message = String.valueOf(e.getOriginalMessage()).replaceAll("\\s+", " ").trim();
    return message.length() > 160 ? message.substring(0, 160) + "..." : message;
  }

  private static void readCsv(
      StageContext context, Origin origin, String path, BufferedReader reader, RecordConsumer rows)
      throws Exception {
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
              origin.kind(),
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
        BadRecord notText = notText(record, csv.recordLine());
        if (notText != null) {
          rows.malformed(notText);
          continue;
        }
        if (record.size() != header.size()) {
          rows.malformed(
              new BadRecord(
                  csv.recordLine(),
                  "wrong_field_count",
                  "has "
                      + record.size()
                      + (record.size() == 1 ? " field" : " fields")
                      + ", but the header row has "
                      + header.size()
                      + " (quote a field that holds a comma: \"a, b\")",
                  String.join(",", record)));
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
          origin.kind(),
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

  /**
   * Opens the raw bytes (no decompression) of a file a recipe names: a local path, {@code s3://},
   * or {@code http(s)://} and {@code hf://datasets/...}, downloaded first.
   *
   * @throws StageUserException when there is no such file
   */
  public static InputStream open(StageContext context, Origin origin, String path)
      throws Exception {
    if (RemoteSources.isRemote(path)) {
      return Files.newInputStream(RemoteSources.fetch(context, path));
    }
    try {
      return context.services().files().open(LocalPaths.resolve(context, path));
    } catch (FileNotFoundException e) {
      throw noSuchFile(context, origin, path);
    }
  }

  private static StageUserException noSuchFile(StageContext context, Origin origin, String path) {
    return context.userError(
        origin.kind(),
        "cannot read "
            + origin.param()
            + " '"
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
  public static String baseName(String path) {
    String name = fileName(path);
    for (String ext : new String[] {".zst", ".jsonl", ".json", ".csv", ".parquet"}) {
      if (name.endsWith(ext)) {
        name = name.substring(0, name.length() - ext.length());
      }
    }
    return name;
  }
}
