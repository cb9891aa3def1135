package dev.distillery.stages;

import static dev.distillery.stages.StageFixtures.params;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.luben.zstd.ZstdOutputStream;
import dev.distillery.download.RangeFileServer;
import dev.distillery.stages.core.StageServices;
import dev.distillery.stages.core.StageUserException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The source stage's formats, locations, field mapping and sampling. */
class SourceStageTest {
  @TempDir Path dir;

  private final List<long[]> progress = new ArrayList<>();

  private StageServices services(Map<String, String> env) {
    Map<String, String> all = new HashMap<>(env);
    all.put("DISTILLERY_DOWNLOAD_DIR", dir.resolve("cache").toString());
    return StageFixtures.localFiles(all);
  }

  private RecordingRowSink run(Map<String, Object> values, Map<String, String> env)
      throws Exception {
    return StageFixtures.runSource(
        values, (done, total) -> progress.add(new long[] {done, total}), services(env));
  }

  /** Writes {@code text} to {@code name} in the test's folder and returns its path. */
  private Path write(String name, String text) throws IOException {
    return Files.writeString(dir.resolve(name), text);
  }

  private StageUserException fails(Map<String, Object> values, Map<String, String> env) {
    return assertThrows(StageUserException.class, () -> run(values, env));
  }

  @Test
  void readsRfc4180CsvWithQuotedCommasQuotesAndLineBreaks() throws Exception {
    Path csv =
        write(
            "forum.csv",
            "\uFEFFid,text,level,solution\r\n"
                + "a,\"What is 1,000 + 1?\",easy,1001\r\n"
                + "b,\"He said \"\"hi\"\".\nHow many words?\",hard,2\r\n"
                + "c,too,few\r\n"
                + "d,,easy,\r\n");
    RecordingRowSink sink =
        run(
            Map.of(
                "path",
                csv.toString(),
                "fields",
                Map.of("question", "text", "answer", "solution"),
                "metadata",
                List.of("level"),
                "on_bad_row",
                "skip"),
            Map.of());

    assertEquals(2, sink.rows.size());
    assertEquals("What is 1,000 + 1?", sink.rows.get(0).get("question").asText());
    assertEquals("1001", sink.rows.get(0).get("answer").asText());
    assertEquals("easy", sink.rows.get(0).at("/metadata/level").asText());
    assertEquals("He said \"hi\".\nHow many words?", sink.rows.get(1).get("question").asText());
    assertEquals("forum-3", sink.rows.get(1).get("id").asText(), "id from the record's line");
    assertEquals("forum", sink.rows.get(1).get("source").asText());
    assertEquals(Map.of("wrong_field_count", 1L, "missing_question", 1L), sink.dropped);
    assertEquals("forum-5", sink.droppedRows.get(0).get("id").asText(), "after a 2-line record");
    assertEquals("c,too,few", sink.droppedRows.get(0).get("text").asText());
    assertEquals(5, sink.droppedDetails.get(0).get("line").asInt());
    assertEquals("forum-6", sink.droppedRows.get(1).get("id").asText());
  }

  @Test
  void formatParamOverridesTheExtensionAndZstdIsRecognizedByItsBytes() throws Exception {
    Path file = dir.resolve("export.data");
    try (OutputStream out = new ZstdOutputStream(Files.newOutputStream(file))) {
      out.write("question,id\nWhat is 3+3?,q1\n".getBytes(StandardCharsets.UTF_8));
    }
    RecordingRowSink sink =
        run(
            Map.of("path", file.toString(), "format", "csv", "fields", Map.of("id", "id")),
            Map.of());
    assertEquals("q1", sink.rows.get(0).get("id").asText());
    assertEquals("What is 3+3?", sink.rows.get(0).get("question").asText());
  }

  @Test
  void jsonlMetadataAndNestedFieldsByJsonPointer() throws Exception {
    Path file =
        write(
            "n.jsonl",
            "{\"q\":{\"text\":\"Solve x+1=2.\"},\"meta\":{\"year\":2020},\"url\":\"u\"}\n");
    RecordingRowSink sink =
        run(
            Map.of(
                "path",
                file.toString(),
                "fields",
                Map.of("question", "/q/text"),
                "metadata",
                List.of("url", "/meta/year")),
            Map.of());
    ObjectNode row = sink.rows.get(0);
    assertEquals("Solve x+1=2.", row.get("question").asText());
    assertEquals("u", row.at("/metadata/url").asText());
    assertEquals(2020, row.get("metadata").get("/meta/year").asInt());
  }

  @Test
  void aMappedFieldMissingFromARecordNamesTheFieldTheParamAndTheLine() throws Exception {
    Path file =
        write(
            "q.jsonl",
            "{\"problem\":\"a\",\"solution\":\"1\"}\n{\"problem\":\"b\",\"soln\":\"2\"}\n");
    StageUserException e =
        fails(
            Map.of(
                "path",
                file.toString(),
                "fields",
                Map.of("question", "problem", "answer", "solution")),
            Map.of());
    assertTrue(e.getMessage().contains("line 2"), e.getMessage());
    assertTrue(e.getMessage().contains("'solution'"), e.getMessage());
    assertTrue(e.getMessage().contains("params.fields.answer"), e.getMessage());
    assertTrue(e.getMessage().contains("problem, soln"), e.getMessage());

    Path csv = write("q.csv", "question\nWhat?\n");
    StageUserException meta =
        fails(Map.of("path", csv.toString(), "metadata", List.of("difficulty")), Map.of());
    assertTrue(meta.getMessage().contains("line 2"), meta.getMessage());
    assertTrue(meta.getMessage().contains("params.metadata"), meta.getMessage());
  }

  @Test
  void badCsvAndUnknownFieldKeysAndParquetAreUserErrors() throws Exception {
    Path csv = write("bad.csv", "question,id\n\"open,1\n2,3\n");
    StageUserException open = fails(Map.of("path", csv.toString()), Map.of());
    assertTrue(open.getMessage().contains("line 2"), open.getMessage());
    assertTrue(open.getMessage().contains("never closed"), open.getMessage());

    Path dup = write("dup.csv", "question,question\na,b\n");
    assertTrue(fails(Map.of("path", dup.toString()), Map.of()).getMessage().contains("twice"));

    StageUserException key =
        fails(Map.of("path", csv.toString(), "fields", Map.of("level", "x")), Map.of());
    assertTrue(key.getMessage().contains("'level'"), key.getMessage());
    assertTrue(key.getMessage().contains("params.metadata"), key.getMessage());

    Path parquet = dir.resolve("train.parquet");
    Files.write(parquet, new byte[] {'P', 'A', 'R', '1'});
    assertTrue(
        fails(Map.of("path", parquet.toString()), Map.of())
            .getMessage()
            .contains("not a readable Parquet file"));
  }

  @Test
  void samplesAFixedNumberReproduciblyInFileOrder() throws Exception {
    Path file = dir.resolve("many.jsonl");
    StringBuilder lines = new StringBuilder();
    for (int i = 0; i < 1000; i++) {
      lines.append("{\"question\":\"q").append(i).append("\"}\n");
    }
    Files.writeString(file, lines);
    Map<String, Object> params = Map.of("path", file.toString(), "sample", 50, "sample_seed", 7);
    RecordingRowSink first = run(params, Map.of());
    RecordingRowSink second = run(params, Map.of());
    RecordingRowSink other =
        run(Map.of("path", file.toString(), "sample", 50, "sample_seed", 8), Map.of());

    List<Integer> lineNos = StageFixtures.assertSeededSample(first, second, other, 50, 1000);
    assertTrue(lineNos.get(lineNos.size() - 1) > 500, "the sample reaches the end of the file");
  }

  @Test
  void readsHuggingFaceFilesWithATokenAndRecordsWhatItRead() throws Exception {
    byte[] body =
        "{\"problem\":\"What is 6*7?\"}\n".repeat(20_000).getBytes(StandardCharsets.UTF_8);
    try (RangeFileServer hub = new RangeFileServer(body)) {
      hub.put("/datasets/org/math/resolve/main/data/train.jsonl", body);
      hub.cutNextAfter(100_000);
      Map<String, String> env = Map.of("HF_ENDPOINT", hub.base().toString(), "MY_HF", "tok-123");
      RecordingRowSink sink =
          run(
              Map.of(
                  "path",
                  "hf://datasets/org/math/data/train.jsonl",
                  "fields",
                  Map.of("question", "problem"),
                  "token_env",
                  "MY_HF"),
              env);

      assertEquals(20_000, sink.rows.size());
      assertEquals("train", sink.rows.get(0).get("source").asText());
      assertEquals("Bearer tok-123", hub.seen().get(0).authorization());
      assertEquals(206, hub.seen().get(1).status(), "resumed after the cut");
      assertEquals(body.length, sink.counters.get("download.bytes"));
      assertEquals(1L, sink.counters.get("download.resumes"));
      assertTrue(
          sink.counters.keySet().stream()
              .anyMatch(k -> k.matches("download\\.sha256\\.[0-9a-f]{64}")),
          sink.counters.toString());
      assertEquals(1L, sink.counters.get("download.etag.v1"));
      assertEquals(784887151L, sink.counters.get("download.last_modified_epoch_seconds"));
      assertTrue(progress.stream().anyMatch(p -> p[1] == body.length), "bytes as progress");
      assertTrue(sink.counters.toString().indexOf("tok-123") < 0);

      RecordingRowSink cached =
          run(
              Map.of(
                  "path",
                  hub.base() + "/datasets/org/math/resolve/main/data/train.jsonl",
                  "fields",
                  Map.of("question", "problem")),
              env);
      assertEquals(20_000, cached.rows.size());
    }
  }

  @Test
  void remoteErrorsNameTheFixWithoutTheToken() throws Exception {
    try (RangeFileServer server = new RangeFileServer(new byte[0])) {
      server.put("/present.jsonl", "{}".getBytes(StandardCharsets.UTF_8));
      StageUserException missing = fails(Map.of("path", server.base() + "/absent.jsonl"), Map.of());
      assertTrue(missing.getMessage().contains("does not exist"), missing.getMessage());

      StageUserException unset =
          fails(
              Map.of("path", server.base() + "/present.jsonl", "token_env", "NOT_SET_HERE"),
              Map.of());
      assertTrue(unset.getMessage().contains("'NOT_SET_HERE'"), unset.getMessage());
      assertTrue(unset.getMessage().contains("params.token_env"), unset.getMessage());

      StageUserException badHf = fails(Map.of("path", "hf://datasets/just-a-name"), Map.of());
      assertTrue(badHf.getMessage().contains("hf://datasets/<owner>/<name>"), badHf.getMessage());
    }
  }
}
