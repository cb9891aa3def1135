package dev.distillery.stages;

import static dev.distillery.stages.StageFixtures.context;
import static dev.distillery.stages.StageFixtures.dedup;
import static dev.distillery.stages.StageFixtures.ids;
import static dev.distillery.stages.StageFixtures.noServices;
import static dev.distillery.stages.StageFixtures.q;
import static dev.distillery.stages.StageFixtures.rows;
import static dev.distillery.stages.StageFixtures.run;
import static dev.distillery.stages.StageFixtures.userError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.luben.zstd.ZstdOutputStream;
import dev.distillery.arithmetic.ArithmeticProblems;
import dev.distillery.stages.core.StageUserException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StagesTest {
  @TempDir Path dir;

  @Test
  void syntheticArithmeticIsDeterministicAndCarriesAnswers() throws Exception {
    RecordingRowSink first = new RecordingRowSink();
    RecordingRowSink second = new RecordingRowSink();
    Map<String, Object> params = Map.of("count", 50, "seed", 3);
    new SyntheticArithmeticStage()
        .run(context("synthetic-arithmetic", params, List.of(), first, noServices()));
    new SyntheticArithmeticStage()
        .run(context("synthetic-arithmetic", params, List.of(), second, noServices()));

    assertEquals(50, first.rows.size());
    assertEquals(first.rows, second.rows);
    ObjectNode row = first.rows.get(0);
    String expression = ArithmeticProblems.expressionOf(row.get("question").asText()).orElseThrow();
    assertEquals(
        Long.toString(ArithmeticProblems.evaluate(expression)), row.get("answer").asText());
    assertEquals("synthetic-arithmetic", row.get("source").asText());
  }

  @Test
  void sourceReadsJsonlAndZstdWithFieldMappingAndCountsBadRows() throws Exception {
    String lines =
        "{\"problem\":\"What is 2+2?\",\"uid\":\"a1\",\"solution\":\"4\"}\n"
            + "not json\n"
            + "{\"problem\":null,\"uid\":\"x\",\"solution\":null}\n"
            + "\n"
            + "{\"problem\":\"Name a prime.\",\"uid\":null,\"solution\":\"2\"}\n";
    Path plain = dir.resolve("forum.jsonl");
    Files.writeString(plain, lines);
    Path zst = dir.resolve("forum2.jsonl.zst");
    try (OutputStream out = new ZstdOutputStream(Files.newOutputStream(zst))) {
      out.write(lines.getBytes(StandardCharsets.UTF_8));
    }
    for (Path file : List.of(plain, zst)) {
      RecordingRowSink sink =
          run(
              new SourceStage(),
              "source",
              Map.of(
                  "path", file.toString(),
                  "fields", Map.of("question", "problem", "id", "uid", "answer", "solution"),
                  "on_bad_row", "skip"),
              List.of(),
              StageFixtures.localFiles());
      assertEquals(2, sink.rows.size(), file.toString());
      assertEquals("a1", sink.rows.get(0).get("id").asText());
      assertEquals("4", sink.rows.get(0).get("answer").asText());
      assertTrue(sink.rows.get(1).get("id").asText().endsWith("-5"), "generated id from line");
      assertEquals(Map.of("malformed_json", 1L, "missing_question", 1L), sink.dropped);
      assertEquals(4, sink.rowsIn);
    }
  }

  @Test
  void sourceNamesTheMissingFileAndTheFix() {
    StageUserException e =
        userError(
            new SourceStage(),
            "source",
            Map.of("path", dir.resolve("nope.jsonl").toString()),
            List.of(),
            StageFixtures.localFiles());
    assertTrue(e.getMessage().contains("nope.jsonl"), e.getMessage());
    assertTrue(e.getMessage().contains("params.path"), e.getMessage());
  }

  @Test
  void sourceRefusesAFileThatChangedSincePlanning() throws Exception {
    Path file = dir.resolve("q.jsonl");
    Files.writeString(file, "{\"question\":\"What is 2+2?\"}\n");
    Map<String, Object> params = Map.of("path", file.toString(), "content_sha256", "ab".repeat(32));
    StageUserException e =
        userError(new SourceStage(), "source", params, List.of(), StageFixtures.localFiles());
    assertTrue(e.getMessage().contains("changed after the sweep was planned"), e.getMessage());
  }

  @Test
  void dedupDropsNormalizedDuplicatesKeepingTheFirst() throws Exception {
    List<ObjectNode> input =
        List.of(q("1", "s", "What is  2+2?"), q("2", "s", "what is 2+2?"), q("3", "s", "Other"));
    RecordingRowSink sink = dedup(Map.of(), input);

    assertEquals(List.of("1", "3"), ids(sink.rows));
    assertEquals(Map.of("duplicate", 1L), sink.dropped);

    RecordingRowSink none = dedup(Map.of("method", "none"), input);
    assertEquals(3, none.rows.size());
  }

  @Test
  void filterKeepsTheLongestFractionWithinBounds() throws Exception {
    List<ObjectNode> input = new ArrayList<>();
    for (int i = 1; i <= 10; i++) {
      input.add(q("q" + i, "s", "x".repeat(i * 3)));
    }
    RecordingRowSink sink =
        run(
            new FilterQuestionsStage(),
            "filter-questions",
            Map.of("min_chars", 6, "max_chars", 27, "keep", 0.5),
            List.of(rows("dedup", input)),
            noServices());

    // 3 and 30 chars fall outside the bounds; of the 8 left, the 4 longest are kept in order.
    assertEquals(List.of("q6", "q7", "q8", "q9"), ids(sink.rows));
    assertEquals(Map.of("too_short", 1L, "too_long", 1L, "below_keep_fraction", 4L), sink.dropped);
    assertEquals(27, sink.rows.get(3).get("filter_score").asInt());
  }

  @Test
  void mixSamplesSharesByWeightReproducibly() throws Exception {
    List<ObjectNode> a = new ArrayList<>();
    List<ObjectNode> b = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      a.add(q("a" + i, "alpha", "question a " + i));
      b.add(q("b" + i, "beta", "question b " + i));
    }
    RecordingRowSink first = new RecordingRowSink();
    RecordingRowSink second = new RecordingRowSink();
    Map<String, Object> params =
        Map.of("total", 40, "weights", Map.of("alpha", 3, "beta", 1), "seed", 9);
    for (RecordingRowSink sink : List.of(first, second)) {
      new MixStage()
          .run(
              context(
                  "mix",
                  params,
                  List.of(rows("source", a), rows("source", b)),
                  sink,
                  noServices()));
    }
    assertEquals(40, first.rows.size());
    assertEquals(30L, first.counters.get("source.alpha"));
    assertEquals(10L, first.counters.get("source.beta"));
    assertEquals(ids(first.rows), ids(second.rows));
    assertEquals(100, first.rowsIn);
  }

  @Test
  void mixRejectsAWeightForAnAbsentSource() {
    StageUserException e =
        userError(
            new MixStage(),
            "mix",
            Map.of("total", 5, "weights", Map.of("gamma", 1)),
            List.of(rows("source", List.of(q("1", "alpha", "x")))),
            noServices());
    assertTrue(e.getMessage().contains("'gamma'"), e.getMessage());
    assertTrue(e.getMessage().contains("alpha"), e.getMessage());
  }

  @Test
  void mixQuotasAddUpByLargestRemainder() {
    assertEquals(
        Map.of("a", 4L, "b", 3L, "c", 3L),
        MixStage.quotas(Map.of("a", 1.0, "b", 1.0, "c", 1.0), 10));
  }

  @Test
  void exportWritesShareGptWithThinkBlocksAndDropsTruncated() throws Exception {
    ObjectNode answered = q("q1", "s", "What is 1+1?");
    answered.put("sample", 0).put("reasoning", "1+1=2").put("response", "\\boxed{2}");
    answered.put("finish_reason", "stop");
    ObjectNode truncated = answered.deepCopy().put("sample", 1).put("finish_reason", "length");
    RecordingRowSink sink =
        run(
            new ExportStage(),
            "export",
            Map.of(),
            List.of(rows("teacher", List.of(answered, truncated))),
            noServices());

    assertEquals(1, sink.rows.size());
    ObjectNode row = sink.rows.get(0);
    assertEquals("human", row.at("/conversations/0/from").asText());
    assertEquals("What is 1+1?", row.at("/conversations/0/value").asText());
    assertEquals("gpt", row.at("/conversations/1/from").asText());
    assertEquals(
        "<think>\n1+1=2\n</think>\n\n\\boxed{2}", row.at("/conversations/1/value").asText());
    assertEquals(Map.of("truncated", 1L), sink.dropped);
  }

  @Test
  void exportExplainsThatItNeedsATeacherBeforeIt() {
    StageUserException e =
        userError(
            new ExportStage(),
            "export",
            Map.of(),
            List.of(rows("dedup", List.of(q("1", "s", "x")))),
            noServices());
    assertTrue(e.getMessage().contains("Put a teacher stage before export"), e.getMessage());
  }
}
