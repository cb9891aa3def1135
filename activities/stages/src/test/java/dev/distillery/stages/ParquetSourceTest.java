package dev.distillery.stages;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.luben.zstd.ZstdOutputStream;
import dev.distillery.download.RangeFileServer;
import dev.distillery.stages.core.Progress;
import dev.distillery.stages.core.StageServices;
import dev.distillery.stages.core.StageUserException;
import java.io.ByteArrayInputStream;
import java.io.FileNotFoundException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The source stage reading Parquet files written here by DuckDB, locally and from S3. */
class ParquetSourceTest {
  @TempDir Path dir;

  /** Objects served for {@code s3://} paths, as the worker's S3 client would. */
  private final Map<String, byte[]> s3 = new HashMap<>();

  private StageServices services(Map<String, String> env) {
    Map<String, String> all = new HashMap<>(env);
    all.put("DISTILLERY_DOWNLOAD_DIR", dir.resolve("cache").toString());
    StageServices local = StageFixtures.localFiles(all);
    return new StageServices(
        path -> {
          if (path.startsWith("s3://")) {
            byte[] body = s3.get(path);
            if (body == null) {
              throw new FileNotFoundException(path);
            }
            return new ByteArrayInputStream(body);
          }
          return local.files().open(path);
        },
        local.chatClients(),
        local.completions(),
        all);
  }

  private RecordingRowSink run(Map<String, Object> values) throws Exception {
    return runWith(values, Map.of());
  }

  private RecordingRowSink runWith(Map<String, Object> values, Map<String, String> env)
      throws Exception {
    return StageFixtures.runSource(values, Progress.NONE, services(env));
  }

  /** Writes a Parquet file with DuckDB from a SQL query. */
  static Path parquet(Path file, String query) throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
        Statement s = c.createStatement()) {
      s.execute(
          "COPY ("
              + query
              + ") TO '"
              + file.toString().replace("'", "''")
              + "' (FORMAT parquet, COMPRESSION zstd)");
    }
    return file;
  }

  /** Problems with a nested struct, a list, a null answer and typed columns. */
  private Path problems(String name, int rows) throws Exception {
    return parquet(
        dir.resolve(name),
        "SELECT 'p' || i AS uid, 'What is ' || i || ' + 1?' AS problem,"
            + " CASE WHEN i % 2 = 0 THEN NULL ELSE CAST(i + 1 AS VARCHAR) END AS solution,"
            + " {'level': i % 5, 'topic': 'algebra', 'tags': ['x', 'y']} AS meta,"
            + " i * 1.5 AS score, i % 3 = 0 AS flagged"
            + " FROM range(1, "
            + (rows + 1)
            + ") t(i)");
  }

  @Test
  void mapsFieldsNestedColumnsAndNullsOfAParquetFile() throws Exception {
    Path file = problems("olympiad.parquet", 10);
    RecordingRowSink sink =
        run(
            Map.of(
                "path",
                file.toString(),
                "fields",
                Map.of(
                    "question",
                    "problem",
                    "id",
                    "uid",
                    "answer",
                    "solution",
                    "domain",
                    "/meta/topic"),
                "metadata",
                List.of("meta", "/meta/tags/1", "score", "flagged")));

    assertEquals(10, sink.rows.size());
    ObjectNode first = sink.rows.get(0);
    assertEquals("p1", first.get("id").asText());
    assertEquals("What is 1 + 1?", first.get("question").asText());
    assertEquals("2", first.get("answer").asText());
    assertEquals("algebra", first.get("domain").asText(), "a JSON pointer into a struct");
    assertEquals("olympiad", first.get("source").asText(), "source name without .parquet");
    ObjectNode meta = (ObjectNode) first.get("metadata");
    assertTrue(meta.get("meta").isObject(), meta.toString());
    assertTrue(meta.get("meta").get("tags").isArray(), meta.toString());
    assertTrue(meta.get("meta").get("level").isIntegralNumber(), meta.toString());
    assertEquals("y", meta.get("/meta/tags/1").asText());
    assertTrue(meta.get("score").isNumber(), meta.toString());
    assertEquals(1.5, meta.get("score").asDouble());
    assertTrue(meta.get("flagged").isBoolean(), meta.toString());
    assertFalse(sink.rows.get(1).has("answer"), "a null answer is no answer");
    assertEquals(10L, sink.rowsIn);
  }

  @Test
  void samplesAndLimitsParquetRowsLikeJsonl() throws Exception {
    Path file = problems("many.parquet", 5000);
    Map<String, Object> sample =
        Map.of("path", file.toString(), "fields", Map.of("question", "problem"), "sample", 40);
    RecordingRowSink first = run(sample);
    RecordingRowSink again = run(sample);
    Map<String, Object> otherSeed = new HashMap<>(sample);
    otherSeed.put("sample_seed", 3);
    RecordingRowSink other = run(otherSeed);

    List<Integer> rowNos = StageFixtures.assertSeededSample(first, again, other, 40, 5000);
    assertTrue(rowNos.get(rowNos.size() - 1) > 2500, "the sample reaches past the first chunks");

    RecordingRowSink limited =
        run(Map.of("path", file.toString(), "fields", Map.of("question", "problem"), "limit", 7));
    assertEquals(List.of("many-1", "many-2", "many-7"), pick(limited.ids(), 0, 1, 6));
    assertEquals(7, limited.rows.size());
  }

  @Test
  void readsParquetFromS3ByFormatParamAndChecksThePlannedSha256() throws Exception {
    byte[] body = Files.readAllBytes(problems("in-s3.parquet", 3));
    s3.put("s3://bucket/data/export.bin", body);
    Map<String, Object> values = new HashMap<>();
    values.put("path", "s3://bucket/data/export.bin");
    values.put("format", "parquet");
    values.put("fields", Map.of("question", "problem"));
    values.put(
        "content_sha256",
        HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body)));
    RecordingRowSink sink = run(values);
    assertEquals(3, sink.rows.size());
    assertEquals("What is 3 + 1?", sink.rows.get(2).get("question").asText());

    values.put("content_sha256", "0".repeat(64));
    StageUserException changed = assertThrows(StageUserException.class, () -> run(values));
    assertTrue(changed.getMessage().contains("changed after the sweep"), changed.getMessage());

    values.remove("content_sha256");
    values.put("path", "s3://bucket/data/absent.parquet");
    StageUserException absent = assertThrows(StageUserException.class, () -> run(values));
    assertTrue(absent.getMessage().contains("no such file"), absent.getMessage());
  }

  @Test
  void readsParquetFromHuggingFaceThroughTheDownloadCache() throws Exception {
    byte[] body = Files.readAllBytes(problems("hub.parquet", 25));
    try (RangeFileServer hub = new RangeFileServer(body)) {
      hub.put("/datasets/org/math/resolve/main/data/train-00000-of-00001.parquet", body);
      RecordingRowSink sink =
          runWith(
              Map.of(
                  "path",
                  "hf://datasets/org/math/data/train-00000-of-00001.parquet",
                  "fields",
                  Map.of("question", "problem")),
              Map.of("HF_ENDPOINT", hub.base().toString()));
      assertEquals(25, sink.rows.size());
      assertEquals("train-00000-of-00001", sink.rows.get(0).get("source").asText());
      assertEquals((long) body.length, sink.counters.get("download.bytes"));
    }
  }

  @Test
  void readsZstdCompressedParquetAndGlobCharactersInTheName() throws Exception {
    byte[] body = Files.readAllBytes(problems("plain.parquet", 4));
    Path zst = dir.resolve("odd[1]*name.parquet.zst");
    try (OutputStream out = new ZstdOutputStream(Files.newOutputStream(zst))) {
      out.write(body);
    }
    Path globby = Files.write(dir.resolve("odd[1]*name.parquet"), body);
    assertEquals(
        4,
        run(Map.of("path", zst.toString(), "fields", Map.of("question", "problem"))).rows.size());
    assertEquals(
        4,
        run(Map.of("path", globby.toString(), "fields", Map.of("question", "problem")))
            .rows
            .size());
  }

  @Test
  void aFileThatIsNotParquetIsAUserErrorNamingTheStageTheFileAndAFix() throws Exception {
    Path jsonl = Files.writeString(dir.resolve("questions.parquet"), "{\"question\":\"hi\"}\n");
    StageUserException e =
        assertThrows(StageUserException.class, () -> run(Map.of("path", jsonl.toString())));
    String message = e.getMessage();
    assertTrue(message.startsWith("source stage 'src': "), message);
    assertTrue(message.contains("'" + jsonl + "' is not a readable Parquet file"), message);
    assertTrue(message.contains("set params.format to jsonl"), message);
    assertFalse(message.contains("\n"), "one line, no stack trace or SQL: " + message);

    Path cut = dir.resolve("cut.parquet");
    byte[] whole = Files.readAllBytes(problems("whole.parquet", 100));
    Files.write(cut, java.util.Arrays.copyOf(whole, whole.length / 2));
    StageUserException truncated =
        assertThrows(StageUserException.class, () -> run(Map.of("path", cut.toString())));
    assertTrue(
        truncated.getMessage().contains("not a readable Parquet file"), truncated.getMessage());

    StageUserException missing =
        assertThrows(
            StageUserException.class,
            () ->
                run(
                    Map.of(
                        "path",
                        problems("nofield.parquet", 2).toString(),
                        "fields",
                        Map.of("question", "text"))));
    assertTrue(missing.getMessage().contains("row 1 of"), missing.getMessage());
    assertTrue(missing.getMessage().contains("uid, problem, solution"), missing.getMessage());
  }

  @Test
  void jsonlIsStillReadWhenFormatIsGivenForAParquetName() throws Exception {
    Path jsonl =
        Files.write(
            dir.resolve("mislabelled.parquet"),
            "{\"question\":\"hi\"}\n".getBytes(StandardCharsets.UTF_8));
    assertEquals(1, run(Map.of("path", jsonl.toString(), "format", "jsonl")).rows.size());
  }

  private static List<String> pick(List<String> values, int... at) {
    return java.util.Arrays.stream(at).mapToObj(values::get).toList();
  }
}
