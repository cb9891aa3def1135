package dev.distillery.stages;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.luben.zstd.ZstdOutputStream;
import dev.distillery.stages.core.StageUserException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A source file with bad data fails the stage by default, naming the file, the line and the fix;
 * {@code on_bad_row: skip} skips bad records into the dropped rows, up to {@code max_bad_rows}.
 */
class SourceBadDataTest {
  @TempDir Path dir;

  private RecordingRowSink run(Path file, Map<String, Object> extra) throws Exception {
    Map<String, Object> values = new HashMap<>(extra);
    values.put("path", file.toString());
    RecordingRowSink sink = new RecordingRowSink();
    new SourceStage()
        .run(StageFixtures.context("source", values, List.of(), sink, StageFixtures.localFiles()));
    return sink;
  }

  private String failure(Path file, Map<String, Object> extra) {
    return assertThrows(StageUserException.class, () -> run(file, extra)).getMessage();
  }

  private Path write(String name, String text) throws IOException {
    return Files.write(dir.resolve(name), text.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void aBrokenJsonlLineFailsTheStageNamingTheFileTheLineAndTheFix() throws Exception {
    Path file =
        write("q.jsonl", "{\"question\":\"What is 1+1?\"}\n{\"question\":\"What is 2+\n{}\n");
    String message = failure(file, Map.of());
    assertTrue(
        message.startsWith("source stage 's-source': line 2 of '" + file + "' is not valid JSON ("),
        message);
    assertTrue(message.contains("set params.on_bad_row: skip"), message);

    Path runTogether = write("two.jsonl", "{\"question\":\"a\"}{\"question\":\"b\"}\n");
    assertTrue(failure(runTogether, Map.of()).contains("line 1 of"), "text after the object");

    Path array = write("array.jsonl", "{\"question\":\"a\"}\n[\"b\"]\n");
    assertTrue(
        failure(array, Map.of()).contains("line 2 of '" + array + "' is a JSON array, not an"),
        "a line that is JSON but not an object");
  }

  @Test
  void skippedRowsGoToTheDroppedRowsWithTheirReasonLineAndText() throws Exception {
    Path file =
        write(
            "q.jsonl",
            "{\"question\":\"What is 1+1?\"}\n{\"question\":\"What is 2+\n"
                + "{\"question\":\"What is 3+3?\"}\n");
    RecordingRowSink sink = run(file, Map.of("on_bad_row", "skip"));

    assertEquals(2, sink.rows.size());
    assertEquals(Map.of("malformed_json", 1L), sink.dropped);
    assertEquals(3, sink.rowsIn);
    assertEquals("q-2", sink.droppedRows.get(0).get("id").asText());
    assertEquals("{\"question\":\"What is 2+", sink.droppedRows.get(0).get("text").asText());
    assertEquals(file.toString(), sink.droppedDetails.get(0).get("file").asText());
    assertEquals(2, sink.droppedDetails.get(0).get("line").asLong());
    assertTrue(
        sink.droppedDetails.get(0).get("problem").asText().startsWith("is not valid JSON"),
        sink.droppedDetails.get(0).toString());

    assertEquals(2, run(file, Map.of("on_bad_row", "skip", "max_bad_rows", 1)).rows.size());
    String over = failure(file, Map.of("on_bad_row", "skip", "max_bad_rows", 0));
    assertTrue(over.contains("line 2 of"), over);
    assertTrue(over.contains("more than params.max_bad_rows (0)"), over);
  }

  @Test
  void aCsvRecordWithTheWrongFieldCountFailsTheStage() throws Exception {
    Path file = write("q.csv", "id,question\na,What is 1+1?\nb,What is 1,000 + 1?\n");
    String message = failure(file, Map.of());
    assertTrue(
        message.contains(
            "line 3 of '" + file + "' has 3 fields, but the header row has 2 (quote a field"),
        message);
    assertTrue(message.contains("params.on_bad_row: skip"), message);
  }

  @Test
  void aBinaryFileIsNotReadAsLinesEvenWhenSkippingBadRows() throws Exception {
    byte[] bytes = new byte[4096];
    new java.util.Random(7).nextBytes(bytes);
    bytes[100] = 0;
    Path binary = Files.write(dir.resolve("model.jsonl"), bytes);
    for (Map<String, Object> params :
        List.<Map<String, Object>>of(Map.of(), Map.of("on_bad_row", "skip"))) {
      String message = failure(binary, params);
      assertTrue(
          message.contains("'" + binary + "' in params.path is not JSONL or CSV text"), message);
      assertTrue(message.contains("binary data (a NUL byte at offset"), message);
    }

    Path gzip = dir.resolve("q.jsonl.gz");
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gzip))) {
      out.write("{\"question\":\"What is 1+1?\"}\n".getBytes(StandardCharsets.UTF_8));
    }
    assertTrue(failure(gzip, Map.of()).contains("gzip-compressed"));
  }

  @Test
  void aLineThatIsNotUtf8IsABadRowOnItsLine() throws Exception {
    Path file = dir.resolve("latin1.jsonl");
    Files.write(
        file,
        "{\"question\":\"What is 1+1?\"}\n{\"question\":\"Caf\u00e9?\"}\n"
            .getBytes(StandardCharsets.ISO_8859_1));
    String message = failure(file, Map.of());
    assertTrue(message.contains("line 2 of '" + file + "' is not UTF-8 text"), message);

    RecordingRowSink sink = run(file, Map.of("on_bad_row", "skip"));
    assertEquals(Map.of("not_utf8", 1L), sink.dropped);
    assertEquals("{\"question\":\"Caf\uFFFD?\"}", sink.droppedRows.get(0).get("text").asText());
  }

  @Test
  void aSourceThatGivesNoRowsIsAnErrorNamingTheFile() throws Exception {
    for (Path empty :
        List.of(
            write("empty.jsonl", ""),
            write("blank.jsonl", "\n \n"),
            write("h.csv", "id,question\n"))) {
      String message = failure(empty, Map.of());
      assertTrue(message.contains("'" + empty + "' in params.path has no records"), message);
    }
    Path zst = dir.resolve("empty.jsonl.zst");
    try (OutputStream out = new ZstdOutputStream(Files.newOutputStream(zst))) {
      out.write(new byte[0]);
    }
    assertTrue(failure(zst, Map.of()).contains("has no records"));

    Path allBad = write("bad.jsonl", "not json\n{\"problem\":\"What?\",\"question\":\"\"}\n");
    String message = failure(allBad, Map.of("on_bad_row", "skip"));
    assertTrue(
        message.contains(
            "none of the 2 records of '"
                + allBad
                + "' gave a question row (bad rows skipped: 1; without text in the question"
                + " field 'question': 1)"),
        message);
  }
}
