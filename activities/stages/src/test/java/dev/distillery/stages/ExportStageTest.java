package dev.distillery.stages;

import static dev.distillery.stages.StageFixtures.context;
import static dev.distillery.stages.StageFixtures.noServices;
import static dev.distillery.stages.StageFixtures.rows;
import static dev.distillery.stages.StageFixtures.run;
import static dev.distillery.stages.StageFixtures.userError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.distillery.plan.StageRef;
import dev.distillery.stages.core.Progress;
import dev.distillery.stages.core.Rows;
import dev.distillery.stages.core.StageContext;
import dev.distillery.stages.core.StageUserException;
import dev.distillery.store.ArtifactStore;
import dev.distillery.store.FakeBlobStore;
import dev.distillery.store.Manifest;
import dev.distillery.store.RowReader;
import dev.distillery.store.RunInfo;
import dev.distillery.store.StageWriter;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ExportStageTest {

  private static ObjectNode answered(String id, String source, String domain, String response) {
    ObjectNode row = Rows.question(id, source, domain, "What is " + id + "?", null);
    return StageFixtures.answered(row, 0, "one two three", response, "stop");
  }

  private static List<ObjectNode> teacherRows() {
    List<ObjectNode> rows = new ArrayList<>();
    rows.add(answered("q1", "forum", "math", "\\boxed{2}").put("difficulty", 7));
    rows.add(answered("q2", "forum", "math", "a longer answer of six words"));
    rows.add(answered("q3", "contest", "science", "x"));
    rows.add(answered("q4", "contest", "science", "cut").put("finish_reason", "length"));
    return rows;
  }

  private static RecordingRowSink export(Map<String, Object> params) throws Exception {
    return StageFixtures.runOver(
        new ExportStage(), "export", params, "teacher", teacherRows(), noServices());
  }

  private static JsonNode datasetInfo(RecordingRowSink sink) throws Exception {
    return Rows.JSON.readTree(sink.files.get(ExportStage.DATASET_INFO));
  }

  @Test
  void shareGptHasTheOpenThoughts3ColumnsAndDifficultyWhenScored() throws Exception {
    RecordingRowSink sink = export(Map.of());

    assertEquals(3, sink.rows.size());
    ObjectNode first = sink.rows.get(0);
    assertEquals(
        List.of("conversations", "difficulty", "source", "domain", "id", "sample"),
        iterable(first.fieldNames()));
    assertEquals(7, first.get("difficulty").asInt());
    assertTrue(sink.rows.get(1).get("difficulty").isNull(), "no score: null");
    assertEquals("science", sink.rows.get(2).get("domain").asText());
    assertEquals("gpt", first.at("/conversations/1/from").asText());
    assertEquals(
        "<think>\none two three\n</think>\n\n\\boxed{2}",
        first.at("/conversations/1/value").asText());
    assertEquals(Map.of("truncated", 1L), sink.dropped);

    JsonNode info = datasetInfo(sink).get("distillery");
    assertEquals("distillery.jsonl", info.get("file_name").asText());
    assertEquals("sharegpt", info.get("formatting").asText());
    assertEquals("conversations", info.at("/columns/messages").asText());
    assertEquals("from", info.at("/tags/role_tag").asText());
    assertEquals("human", info.at("/tags/user_tag").asText());
    assertEquals("gpt", info.at("/tags/assistant_tag").asText());
  }

  @Test
  void messagesAreOpenAiChatRowsWithAnOptionalSystemTurn() throws Exception {
    RecordingRowSink sink =
        export(
            Map.of("format", "messages", "system_prompt", "Think first.", "dataset_name", "ot3"));

    assertEquals(3, sink.rows.size());
    JsonNode messages = sink.rows.get(0).get("messages");
    assertEquals(3, messages.size());
    assertEquals("system", messages.get(0).get("role").asText());
    assertEquals("Think first.", messages.get(0).get("content").asText());
    assertEquals("user", messages.get(1).get("role").asText());
    assertEquals("What is q1?", messages.get(1).get("content").asText());
    assertEquals("assistant", messages.get(2).get("role").asText());
    assertTrue(messages.get(2).get("content").asText().startsWith("<think>\none two three\n"));
    assertEquals("forum", sink.rows.get(0).get("source").asText());

    JsonNode info = datasetInfo(sink).get("ot3");
    assertEquals("ot3.jsonl", info.get("file_name").asText());
    assertEquals("messages", info.at("/columns/messages").asText());
    assertEquals("role", info.at("/tags/role_tag").asText());
    assertEquals("assistant", info.at("/tags/assistant_tag").asText());
    assertEquals("system", info.at("/tags/system_tag").asText());

    RecordingRowSink plain = export(Map.of("format", "messages"));
    assertEquals("user", plain.rows.get(0).at("/messages/0/role").asText(), "no system turn");
  }

  @Test
  void theManifestCountersHoldTheDatasetStatistics() throws Exception {
    RecordingRowSink sink = export(Map.of());
    Map<String, Long> c = sink.counters;

    assertEquals(3L, c.get("rows"));
    assertEquals(2L, c.get("source.forum"));
    assertEquals(1L, c.get("source.contest"));
    assertEquals(2L, c.get("domain.math"));
    assertEquals(1L, c.get("domain.science"));
    assertEquals(null, c.get("source.contest-truncated"));
    // Answers: "<think>\none two three\n</think>\n\n" is 31 characters, then the response.
    int think = "<think>\none two three\n</think>\n\n".length();
    assertEquals(think + "\\boxed{2}".length(), c.get("answer_chars_p50"));
    assertEquals(think + "a longer answer of six words".length(), c.get("answer_chars_p90"));
    assertEquals(think + "a longer answer of six words".length(), c.get("answer_chars_max"));
    // Questions are 3 words each; answers <think> one two three </think> plus the response.
    long expected = 3 * 3 + (5 + 1) + (5 + 6) + (5 + 1);
    assertEquals(expected, c.get("tokens_whitespace"));
  }

  /**
   * A teacher row cut off at max_tokens 4096: its reasoning {@code reasoning}, its answer {@code
   * response}.
   */
  private static ObjectNode cut(String id, String reasoning, String response) {
    ObjectNode row = answered(id, "contest", "science", response);
    row.put(TeacherStage.REASONING, reasoning);
    row.put(TeacherStage.FINISH_REASON, "length");
    row.put(TeacherStage.COMPLETION_TOKENS, 4096);
    row.putObject(TeacherStage.TEACHER).put("model", "m").put("max_tokens", 4096);
    return row;
  }

  @Test
  void truncatedAnswersGoToTheDroppedRowsWithTheirFinishReasonAndTokens() throws Exception {
    RecordingRowSink sink = new RecordingRowSink();
    List<ObjectNode> input =
        List.of(answered("q1", "forum", "math", "\\boxed{2}"), cut("q2", "one two thr", ""));
    new ExportStage()
        .run(context("export", Map.of(), List.of(rows("teacher", input)), sink, noServices()));

    assertEquals(1, sink.rows.size());
    assertEquals(Map.of("truncated", 1L), sink.dropped);
    assertEquals(1, sink.droppedRows.size(), "the truncated row is in the dropped rows");
    assertEquals("q2", sink.droppedRows.get(0).get(Rows.ID).asText());
    ObjectNode detail = sink.droppedDetails.get(0);
    assertEquals("length", detail.get(TeacherStage.FINISH_REASON).asText());
    assertEquals(4096, detail.get(TeacherStage.COMPLETION_TOKENS).asInt());
    assertEquals(4096, detail.get("max_tokens").asInt());

    // Through a stage writer: the manifest counts it and the dropped part holds it.
    ArtifactStore store = new ArtifactStore(new FakeBlobStore());
    StageRef ref = new StageRef("export", "ab".repeat(32));
    RunInfo run = new RunInfo("export-sft", "wf-1", "run-1", "worker@host", "0.1.0");
    Manifest manifest;
    try (StageWriter writer =
        store.begin(ref, 3, Rows.JSON.createObjectNode(), List.of(), run, Clock.systemUTC())) {
      new ExportStage()
          .run(
              new StageContext(
                  "export-sft",
                  StageFixtures.params("export", Map.of()),
                  List.of(rows("teacher", input)),
                  writer,
                  Progress.NONE,
                  noServices()));
      manifest = writer.commit();
    }
    assertEquals(1, manifest.counters().rowsOut());
    assertEquals(Map.of("truncated", 1L), manifest.counters().dropped());
    assertEquals(1, manifest.droppedFiles().size());
    List<ObjectNode> dropped = new ArrayList<>();
    try (RowReader reader = store.openDropped(manifest)) {
      for (ObjectNode row = reader.next(); row != null; row = reader.next()) {
        dropped.add(row);
      }
    }
    assertEquals(1, dropped.size());
    assertEquals("one two thr", dropped.get(0).get(TeacherStage.REASONING).asText());
    JsonNode by = dropped.get(0).get("dropped_by");
    assertEquals("export-sft", by.get("stage").asText());
    assertEquals("truncated", by.get("reason").asText());
    assertEquals("length", by.get(TeacherStage.FINISH_REASON).asText());
    assertEquals(4096, by.get(TeacherStage.COMPLETION_TOKENS).asInt());
  }

  @Test
  void withoutDropTruncatedCutAnswersAreExportedAsTheyAre() throws Exception {
    ObjectNode noResponse = cut("q4", "only reasoning, cut", "");
    noResponse.remove(TeacherStage.RESPONSE);
    List<ObjectNode> input =
        List.of(
            answered("q1", "forum", "math", "\\boxed{2}"),
            cut("q2", "one two three", "a cut ans"),
            cut("q3", "one two thr", ""),
            noResponse,
            cut("q5", "reasoning, cut", "").putNull(TeacherStage.RESPONSE));
    for (String format : List.of("sharegpt", "messages")) {
      RecordingRowSink sink =
          run(
              new ExportStage(),
              "export",
              Map.of("drop_truncated", false, "format", format),
              List.of(rows("teacher", input)),
              noServices());

      assertEquals(5, sink.rows.size(), format);
      assertEquals(Map.of(), sink.dropped, format);
      assertEquals(List.of(), sink.droppedRows, format);
      assertEquals(5L, sink.counters.get("rows"), format);
      String assistant =
          format.equals("messages") ? "/messages/1/content" : "/conversations/1/value";
      List<String> texts = sink.rows.stream().map(r -> r.at(assistant).asText()).toList();
      assertEquals(
          List.of(
              "<think>\none two three\n</think>\n\n\\boxed{2}",
              "<think>\none two three\n</think>\n\na cut ans",
              "<think>\none two thr\n</think>\n\n",
              "<think>\nonly reasoning, cut\n</think>\n\n",
              "<think>\nreasoning, cut\n</think>\n\n"),
          texts,
          format);
    }
  }

  @Test
  void percentilesAreNearestRank() {
    assertEquals(0, DatasetStats.percentile(new int[0], 50));
    assertEquals(2, DatasetStats.percentile(new int[] {1, 2, 3, 4}, 50));
    assertEquals(9, DatasetStats.percentile(new int[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, 90));
    assertEquals(3, DatasetStats.words("  a b\n\tc "));
  }

  @Test
  void anUnknownFormatOrAnInputWithoutAnswersIsAUserError() {
    StageUserException format =
        assertThrows(StageUserException.class, () -> export(Map.of("format", "alpaca")));
    assertTrue(format.getMessage().startsWith("export stage 's-export'"), format.getMessage());
    assertTrue(format.getMessage().contains("params.format is 'alpaca'"), format.getMessage());

    StageUserException noTeacher =
        userError(
            new ExportStage(),
            "export",
            Map.of(),
            List.of(rows("source", List.of(Rows.question("1", "s", "math", "x?", "1")))),
            noServices());
    assertTrue(noTeacher.getMessage().contains("a 'source' stage"), noTeacher.getMessage());
    assertTrue(noTeacher.getMessage().contains("Put a teacher stage before export"));
  }

  private static List<String> iterable(java.util.Iterator<String> it) {
    List<String> out = new ArrayList<>();
    it.forEachRemaining(out::add);
    return out;
  }
}
