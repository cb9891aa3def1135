package dev.distillery.stages;

import static dev.distillery.stages.StageFixtures.context;
import static dev.distillery.stages.StageFixtures.noServices;
import static dev.distillery.stages.StageFixtures.rows;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.distillery.llm.CompletionBroker;
import dev.distillery.llm.simulated.SimulatedLlmConfig;
import dev.distillery.llm.simulated.SimulatedLlmServer;
import dev.distillery.stages.core.OpenAiChatClients;
import dev.distillery.stages.core.Rows;
import dev.distillery.stages.core.StageServices;
import dev.distillery.stages.core.StageUserException;
import dev.distillery.store.FakeBlobStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FilterAnswersStageTest {
  @TempDir Path dir;

  /** A teacher row: sample {@code sample} of question {@code id}. */
  private static ObjectNode answer(
      String id, int sample, String reasoning, String response, String finish, String reference) {
    ObjectNode row = Rows.question(id, "forum", "math", "Question " + id + "?", reference);
    return StageFixtures.answered(row, sample, reasoning, response, finish);
  }

  private static ObjectNode answer(String id, int sample, String response) {
    return answer(id, sample, "think", response, "stop", null);
  }

  private static RecordingRowSink run(Map<String, Object> params, List<ObjectNode> input)
      throws Exception {
    return run(params, input, noServices());
  }

  private static RecordingRowSink run(
      Map<String, Object> params, List<ObjectNode> input, StageServices services) throws Exception {
    return StageFixtures.runOver(
        new FilterAnswersStage(), "filter-answers", params, "teacher", input, services);
  }

  private static List<String> kept(RecordingRowSink sink) {
    return samples(sink.rows);
  }

  /** The rows as {@code id/sample}. */
  private static List<String> samples(List<ObjectNode> rows) {
    return rows.stream()
        .map(r -> r.get("id").asText() + "/" + r.get(TeacherStage.SAMPLE).asInt())
        .toList();
  }

  @Test
  void noneKeepsEverythingButTruncatedAnswersUnlessAskedTo() throws Exception {
    List<ObjectNode> input =
        List.of(
            answer("a", 0, "\\boxed{1}"),
            answer("a", 1, "think", "cut", "length", null),
            answer("b", 0, "\\boxed{2}"));

    RecordingRowSink sink = run(Map.of(), input);
    assertEquals(List.of("a/0", "b/0"), kept(sink));
    assertEquals(Map.of("truncated", 1L), sink.dropped);
    assertEquals(3, sink.rowsIn);

    assertEquals(3, run(Map.of("drop_truncated", false), input).rows.size());
  }

  @Test
  void truncatedAnswersGoToTheDroppedRowsWithTheirFinishReasonAndTokens() throws Exception {
    ObjectNode cutA = answer("a", 1, "think thr", "", "length", null);
    cutA.put(TeacherStage.COMPLETION_TOKENS, 1024);
    cutA.putObject(TeacherStage.TEACHER).put("model", "m").put("max_tokens", 1024);
    ObjectNode cutB = answer("b", 1, "only reasoning", "", "length", null);
    cutB.remove(TeacherStage.RESPONSE);
    List<ObjectNode> input =
        List.of(answer("a", 0, "\\boxed{1}"), cutA, answer("b", 0, "\\boxed{1}"), cutB);

    for (String method : List.of("none", "majority")) {
      RecordingRowSink sink = run(Map.of("method", method), input);
      assertEquals(List.of("a/0", "b/0"), kept(sink), method);
      assertEquals(Map.of("truncated", 2L), sink.dropped, method);
      assertEquals(List.of("a/1", "b/1"), samples(sink.droppedRows), method + ": dropped rows");
      ObjectNode detail = sink.droppedDetails.get(0);
      assertEquals("length", detail.get(TeacherStage.FINISH_REASON).asText(), method);
      assertEquals(1024, detail.get(TeacherStage.COMPLETION_TOKENS).asInt(), method);
      assertEquals(1024, detail.get("max_tokens").asInt(), method);
      assertEquals(
          "length", sink.droppedDetails.get(1).get(TeacherStage.FINISH_REASON).asText(), method);
      assertFalse(sink.droppedDetails.get(1).has(TeacherStage.COMPLETION_TOKENS), method);
    }

    RecordingRowSink all = run(Map.of("drop_truncated", false), input);
    assertEquals(List.of("a/0", "a/1", "b/0", "b/1"), kept(all));
    assertEquals(List.of(), all.droppedRows);
  }

  @Test
  void majorityKeepsTheMostCommonAnswerAndEveryTiedOne() throws Exception {
    List<ObjectNode> input =
        List.of(
            answer("a", 0, "So it is \\boxed{4}."),
            answer("a", 1, "The answer is 4"),
            answer("a", 2, "\\boxed{5}"),
            answer("a", 3, "\\boxed{4.0}"),
            answer("a", 4, ""),
            answer("b", 0, "\\boxed{7}"),
            answer("b", 1, "\\boxed{8}"),
            answer("c", 0, "\\boxed{9}"),
            answer("c", 1, "think", "\\boxed{9}", "length", null));

    RecordingRowSink sink = run(Map.of("method", "majority"), input);

    assertEquals(List.of("a/0", "a/1", "a/3", "b/0", "b/1", "c/0"), kept(sink));
    assertEquals(
        Map.of("minority", 1L, "no_answer", 1L, "truncated", 1L), sink.dropped, "a tie keeps all");
    assertEquals("4", sink.rows.get(2).get(FilterAnswersStage.FINAL_ANSWER).asText());
  }

  @Test
  void lengthKeepsTheKLongestOrShortestPerQuestionInSampleOrder() throws Exception {
    List<ObjectNode> input =
        List.of(
            answer("a", 0, "r", "medium answer", "stop", null),
            answer("a", 1, "r", "the longest answer of all", "stop", null),
            answer("a", 2, "r", "short", "stop", null),
            answer("b", 0, "r", "same", "stop", null),
            answer("b", 1, "r", "same", "stop", null));

    assertEquals(
        List.of("a/1", "b/0"), kept(run(Map.of("method", "length", "k", 1), input)), "longest");
    RecordingRowSink shortest = run(Map.of("method", "length", "k", 2, "order", "shortest"), input);
    assertEquals(List.of("a/0", "a/2", "b/0", "b/1"), kept(shortest));
    assertEquals(Map.of("length", 1L), shortest.dropped);
  }

  @Test
  void verifyComparesTheNormalizedFinalAnswerWithTheReference() throws Exception {
    List<ObjectNode> input =
        List.of(
            answer("a", 0, "t", "Hence \\boxed{0.50}.", "stop", "$0.5$"),
            answer("a", 1, "t", "Hence \\boxed{0.6}.", "stop", "$0.5$"),
            answer("b", 0, "t", "So x = 12.", "stop", "12"),
            answer("c", 0, "t", "\\boxed{3}", "stop", null),
            answer("d", 0, "t", "", "stop", "1"),
            answer("e", 0, "t", "Hence \\boxed{\\dfrac{1}{2}}.", "stop", "0.5"),
            answer("f", 0, "t", "So \\boxed{x = 2\\sqrt{2}}", "stop", "\\sqrt{8}"),
            answer("g", 0, "t", "So \\boxed{(1, 3]}", "stop", "(1,3)"));

    RecordingRowSink sink = run(Map.of("method", "verify"), input);

    // e and f are equivalent but not equal as strings: the math grader keeps them.
    assertEquals(List.of("a/0", "b/0", "e/0", "f/0"), kept(sink));
    assertEquals(Map.of("incorrect", 2L, "no_reference", 1L, "no_answer", 1L), sink.dropped);
    assertEquals("0.50", sink.rows.get(0).get(FilterAnswersStage.FINAL_ANSWER).asText());
    assertEquals("x = 2\\sqrt{2}", sink.rows.get(3).get(FilterAnswersStage.FINAL_ANSWER).asText());
  }

  @Test
  void verifyAndMajorityOverTheSimulatedTeacherKeepOnlyAgreeingAnswers() throws Exception {
    List<ObjectNode> questions = StageFixtures.arithmeticQuestions(30, 2, 20, 2);
    try (SimulatedLlmServer server = SimulatedLlmServer.start(SimulatedLlmConfig.defaults())) {
      StageServices services =
          new StageServices(
              noServices().files(),
              new OpenAiChatClients(server::baseUrl),
              new CompletionBroker(new FakeBlobStore()),
              Map.of());
      RecordingRowSink teacher = new RecordingRowSink();
      Map<String, Object> teacherParams = new HashMap<>();
      teacherParams.put("base_url", "simulated://test");
      teacherParams.put("model", SimulatedLlmConfig.DEFAULT_MODEL);
      teacherParams.put("n", 4);
      new TeacherStage()
          .run(
              context(
                  "teacher", teacherParams, List.of(rows("mix", questions)), teacher, services));
      assertEquals(120, teacher.rows.size());

      RecordingRowSink verified = run(Map.of("method", "verify"), teacher.rows);
      assertTrue(verified.dropped.getOrDefault("incorrect", 0L) > 0, "the simulator errs");
      assertTrue(verified.rows.size() > 60, "it is right about 80% of the time");
      for (ObjectNode row : verified.rows) {
        assertEquals(
            row.get(Rows.ANSWER).asText(), row.get(FilterAnswersStage.FINAL_ANSWER).asText());
      }
      assertEquals(
          120, verified.rows.size() + verified.dropped.values().stream().mapToLong(v -> v).sum());

      RecordingRowSink majority = run(Map.of("method", "majority"), teacher.rows);
      assertTrue(majority.dropped.get("minority") > 0);
      assertTrue(majority.rows.size() < 120);
    }
  }

  @Test
  void llmJudgeKeepsWhatTheJudgeCallsCorrectAndCountsUnparsedReplies() throws Exception {
    List<String> prompts = new CopyOnWriteArrayList<>();
    try (FakeJudgeEndpoint judge =
        new FakeJudgeEndpoint(
            prompt -> {
              prompts.add(prompt);
              if (prompt.contains("Answer:\n\\boxed{4}")) {
                return "{\"correct\": true}";
              }
              if (prompt.contains("Answer:\n\\boxed{5}")) {
                return "```json\n{\"correct\": false}\n```";
              }
              return "I believe it is right.";
            })) {
      StageServices services =
          new StageServices(
              noServices().files(),
              new OpenAiChatClients(judge::baseUrl),
              new CompletionBroker(new FakeBlobStore()),
              Map.of());
      List<ObjectNode> input =
          List.of(
              answer("a", 0, "t", "\\boxed{4}", "stop", "4"),
              answer("a", 1, "t", "\\boxed{5}", "stop", "4"),
              answer("a", 2, "t", "four-ish", "stop", "4"),
              answer("b", 0, "t", "\\boxed{4}", "length", null));
      Map<String, Object> params = new HashMap<>();
      params.put("method", "llm-judge");
      params.put("base_url", judge.baseUrl().toString());
      params.put("model", "judge-model");

      RecordingRowSink sink = run(params, input, services);

      assertEquals(List.of("a/0"), kept(sink));
      assertTrue(sink.rows.get(0).get(FilterAnswersStage.JUDGE_CORRECT).asBoolean());
      assertEquals(
          Map.of("judged_incorrect", 1L, "judge_parse_failure", 1L, "truncated", 1L), sink.dropped);
      assertEquals(1L, sink.counters.get("judge_parse_failures"));
      assertEquals(3, judge.requestCount(), "truncated answers are not judged");
      assertTrue(prompts.get(0).contains("Reference answer:\n4"), prompts.get(0));

      params.put("keep_unparsed", true);
      params.put("use_reference", false);
      RecordingRowSink keeping = run(params, input, services);
      assertEquals(List.of("a/0", "a/2"), kept(keeping));
      assertTrue(keeping.rows.get(1).get(FilterAnswersStage.JUDGE_CORRECT).isNull());
      assertFalse(prompts.get(prompts.size() - 1).contains("Reference"));
    }
  }

  @Test
  void classifierKeepsAnswersLikeThePositivesAndRecordsTheirScore() throws Exception {
    StringBuilder good = new StringBuilder();
    StringBuilder bad = new StringBuilder();
    for (int i = 0; i < 40; i++) {
      good.append(
          Rows.JSON.writeValueAsString(
              Map.of(
                  "response",
                  "First we expand the product, then we collect terms and check step "
                      + i
                      + ", so the result is \\boxed{"
                      + i
                      + "}.")));
      good.append('\n');
      bad.append(
          Rows.JSON.writeValueAsString(
              Map.of("text", "idk lol maybe " + i + " or whatever, just guessing here")));
      bad.append('\n');
    }
    Path positives = Files.writeString(dir.resolve("good.jsonl"), good);
    Path negatives = Files.writeString(dir.resolve("bad.jsonl"), bad);
    List<ObjectNode> input =
        List.of(
            answer("a", 0, "We expand the product, then collect terms, so it is \\boxed{7}."),
            answer("a", 1, "idk, just guessing, maybe 7 or whatever"),
            answer("b", 0, "First we check each step, so the result is \\boxed{12}."));

    RecordingRowSink sink =
        run(
            Map.of(
                "method",
                "classifier",
                "positives",
                List.of(positives.toString()),
                "negatives",
                List.of(negatives.toString())),
            input,
            StageFixtures.localFiles());
    assertEquals(List.of("a/0", "b/0"), kept(sink));
    assertEquals(Map.of("classifier", 1L), sink.dropped);
    assertTrue(sink.rows.get(0).get(FilterAnswersStage.ANSWER_SCORE).asDouble() >= 0.5);

    StageUserException noExamples =
        assertThrows(
            StageUserException.class,
            () -> run(Map.of("method", "classifier"), input, StageFixtures.localFiles()));
    assertTrue(noExamples.getMessage().contains("needs params.positives"), noExamples.getMessage());
  }

  @Test
  void badInputIsAUserErrorNamingTheStageParamAndFix() {
    List<ObjectNode> input = List.of(answer("a", 0, "\\boxed{1}"));

    StageUserException missingK =
        assertThrows(StageUserException.class, () -> run(Map.of("method", "length"), input));
    assertTrue(missingK.getMessage().contains("filter-answers stage 's-filter-answers'"));
    assertTrue(missingK.getMessage().contains("params.k is not set"), missingK.getMessage());

    StageUserException unknown =
        assertThrows(StageUserException.class, () -> run(Map.of("method", "best"), input));
    assertTrue(unknown.getMessage().contains("'best'"), unknown.getMessage());
    assertTrue(unknown.getMessage().contains("none, llm-judge, majority, length, verify"));

    StageUserException noJudge =
        assertThrows(StageUserException.class, () -> run(Map.of("method", "llm-judge"), input));
    assertTrue(noJudge.getMessage().contains("params.base_url"), noJudge.getMessage());

    StageUserException noTeacher =
        assertThrows(
            StageUserException.class,
            () -> run(Map.of(), List.of(Rows.question("a", "forum", "math", "Q?", null))));
    assertTrue(noTeacher.getMessage().contains("after a teacher stage"), noTeacher.getMessage());

    StageUserException scattered =
        assertThrows(
            StageUserException.class,
            () ->
                run(
                    Map.of("method", "majority"),
                    List.of(answer("a", 0, "1"), answer("b", 0, "2"), answer("a", 1, "1"))));
    assertTrue(scattered.getMessage().contains("question 'a'"), scattered.getMessage());
  }
}
