package dev.distillery.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.distillery.llm.simulated.SimulatedLlmConfig;
import dev.distillery.llm.simulated.SimulatedLlmServer;
import dev.distillery.plan.StageRef;
import dev.distillery.store.Manifest;
import dev.distillery.store.RowReader;
import dev.distillery.worker.Stack;
import dev.distillery.workflow.StageResult;
import dev.distillery.workflow.SweepResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The teacher's Batch API mode against the simulator's Batch API: the first batch of each shard
 * expires with 30% of its requests unprocessed, the workflow resubmits only those, and the stage
 * ends with every (question, sample) once and no online request at all.
 */
class BatchModeTest {
  @TempDir Path home;

  @Test
  void expiredRequestsAreResubmittedAndEveryCompletionArrivesOnce() throws Exception {
    Path recipe = home.resolve("batch.yaml");
    Files.writeString(
        recipe,
        """
        recipe: batch-teacher
        stages:
          - id: source
            kind: synthetic-arithmetic
            params: {count: 40, seed: 3, max_operand: 1000}
          - id: teacher
            kind: teacher
            params:
              base_url: simulated://batch
              model: simulated-teacher
              n: 2
              mode: batch
              shard_size: 20
              batch_poll_seconds: 1
        """);
    Path sweep = home.resolve("batch-sweep.yaml");
    Files.writeString(
        sweep,
        """
        sweep: batch
        recipe: batch.yaml
        grid:
          stages.teacher.n: [2]
        """);
    try (SimulatedLlmServer llm =
            SimulatedLlmServer.start(
                SimulatedLlmConfig.builder()
                    .batchDuration(Duration.ofMillis(1500))
                    .batchExpireRate(0.3)
                    .batchesThatExpire(2)
                    .build());
        Stack stack = TestStacks.embedded(home, llm)) {
      SweepClient sweeps = TestStacks.submit(stack, sweep);
      SweepResult result = sweeps.await("batch", null);

      assertEquals(0, result.failed(), result.toString());
      assertEquals(
          4, llm.batchesCreated(), "two shards, each resubmitting its expired requests once");
      assertEquals(40, llm.batchRequestsServed(), "one request line per question, processed once");
      assertEquals(0, llm.batchCustomIdsServedMoreThanOnce());
      assertEquals(0, llm.requestCount(), "nothing was requested online");

      StageResult teacher = result.experiments().get(0).stages().get(1);
      Manifest manifest =
          stack.store().findManifest(new StageRef("teacher", teacher.key())).orElseThrow();
      Map<String, Integer> seen = new HashMap<>();
      try (RowReader rows = stack.store().open(manifest)) {
        for (ObjectNode row : rows) {
          seen.merge(row.get("id").asText() + "#" + row.get("sample").asInt(), 1, Integer::sum);
          assertTrue(!row.get("response").asText().isEmpty(), row.toString());
        }
      }
      assertEquals(80, seen.size(), "40 questions x 2 samples");
      seen.forEach((sample, count) -> assertEquals(1, count, sample));
      assertEquals(List.of(), stack.store().verify(manifest));
    }
  }

  /**
   * With a seed, a Batch API top-up from n=2 to n=4 asks for samples 2-3 with seed s+2, as vLLM
   * seeds choices, so they are the answers one online n=4 request gives, not copies of 0-1.
   */
  @Test
  void aSeededTopUpThroughTheBatchApiGivesTheSamplesOfOneRequest() throws Exception {
    Files.writeString(
        home.resolve("batch.yaml"),
        """
        recipe: batch-seeded
        stages:
          - id: source
            kind: synthetic-arithmetic
            params: {count: 20, seed: 4, max_operand: 1000}
          - id: teacher
            kind: teacher
            params:
              base_url: simulated://batch
              model: simulated-writer
              seed: 5
              mode: batch
              shard_size: 20
              batch_poll_seconds: 1
        """);
    Path sweep = home.resolve("batch-sweep.yaml");
    Files.writeString(
        sweep,
        """
        sweep: batch-seeded
        recipe: batch.yaml
        parallelism: 1
        grid:
          stages.teacher.n: [2, 4]
        """);
    try (SimulatedLlmServer llm =
            SimulatedLlmServer.start(
                SimulatedLlmConfig.builder().batchDuration(Duration.ofMillis(500)).build());
        Stack stack = TestStacks.embedded(home, llm)) {
      SweepClient sweeps = TestStacks.submit(stack, sweep);
      SweepResult result = sweeps.await("batch-seeded", null);
      assertEquals(0, result.failed(), result.toString());
      assertEquals(40, llm.batchRequestsServed(), "20 lines for n=2, 20 for samples 2-3");

      StageResult teacher = result.experiments().get(1).stages().get(1);
      Manifest manifest =
          stack.store().findManifest(new StageRef("teacher", teacher.key())).orElseThrow();
      try (RowReader rows = stack.store().open(manifest);
          dev.distillery.llm.OpenAiChatClient online =
              new dev.distillery.llm.OpenAiChatClient(
                  dev.distillery.llm.EndpointConfig.of(llm.baseUrl()))) {
        Map<String, List<String>> byQuestion = new HashMap<>();
        Map<String, String> questions = new HashMap<>();
        for (ObjectNode row : rows) {
          questions.put(row.get("id").asText(), row.get("question").asText());
          byQuestion
              .computeIfAbsent(row.get("id").asText(), k -> new java.util.ArrayList<>())
              .add(row.get("response").asText());
        }
        assertEquals(20, byQuestion.size());
        for (var entry : byQuestion.entrySet()) {
          var direct =
              online.complete(
                  new dev.distillery.llm.ChatRequest(
                      "simulated-writer",
                      List.of(dev.distillery.llm.ChatMessage.user(questions.get(entry.getKey()))),
                      4,
                      1.0,
                      4096,
                      5L));
          assertEquals(
              direct.choices().stream().map(dev.distillery.llm.ChatChoice::content).toList(),
              entry.getValue(),
              entry.getKey());
          assertEquals(4, new java.util.HashSet<>(entry.getValue()).size(), entry.toString());
        }
      }
    }
  }
}
