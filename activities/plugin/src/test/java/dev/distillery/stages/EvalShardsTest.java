package dev.distillery.stages;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.distillery.activity.TestStageActivities;
import dev.distillery.arithmetic.ArithmeticProblem;
import dev.distillery.arithmetic.ArithmeticProblems;
import dev.distillery.llm.simulated.SimulatedLlmConfig;
import dev.distillery.llm.simulated.SimulatedLlmServer;
import dev.distillery.plan.PlannedStage;
import dev.distillery.plan.StageRef;
import dev.distillery.recipe.RetrySpec;
import dev.distillery.stages.core.Rows;
import dev.distillery.stages.core.StageServices;
import dev.distillery.store.ArtifactStore;
import dev.distillery.store.FakeBlobStore;
import dev.distillery.store.Manifest;
import dev.distillery.store.RowReader;
import dev.distillery.store.RunInfo;
import dev.distillery.store.StageWriter;
import dev.distillery.workflow.ExecutionSettings;
import dev.distillery.workflow.LlmActivities;
import dev.distillery.workflow.ShardPlan;
import dev.distillery.workflow.StageActivities;
import dev.distillery.workflow.StageInput;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.testing.TestActivityEnvironment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An {@code eval} run in shards of questions x repeats (planned, computed shard by shard, then
 * committed) writes the same rows and the same {@code results.json} as the same evaluation run as
 * one activity, given the same answers; reading a train stage, each shard scores the model that
 * stage recorded.
 */
class EvalShardsTest {
  private static final ActivityOptions OPTIONS =
      ActivityOptions.newBuilder()
          .setStartToCloseTimeout(Duration.ofMinutes(1))
          .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(1).build())
          .build();

  @TempDir Path dir;
  private final FakeBlobStore blobs = new FakeBlobStore();
  private final ArtifactStore store = new ArtifactStore(blobs);
  private final TestActivityEnvironment env = TestActivityEnvironment.newInstance();
  private SimulatedLlmServer server;
  private StageActivities stages;
  private LlmActivities llm;

  @BeforeEach
  void start() throws Exception {
    server = SimulatedLlmServer.start(SimulatedLlmConfig.builder().accuracy(0.7).build());
    StageServices services = StageFixtures.simulated(server);
    StageRegistry registry = StageRegistry.builtIn();
    env.registerActivitiesImplementations(TestStageActivities.of(store, registry, services));
    stages = env.newActivityStub(StageActivities.class, OPTIONS);
    llm = env.newActivityStub(LlmActivities.class, OPTIONS);
  }

  @AfterEach
  void stop() {
    env.close();
    server.close();
  }

  @Test
  void shardsWriteTheRowsAndResultsOfOneActivity() throws Exception {
    Map<String, Object> p = params();
    p.put("base_url", "simulated://eval");
    p.put("model", SimulatedLlmConfig.DEFAULT_MODEL);

    Manifest whole = computeWhole(stage('a', p, List.of()));
    Manifest sharded = computeInShards(stage('b', p, List.of()), 6);

    assertEquals(80, server.requestCount(), "the shards found every answer in the store");
    assertSameOutput(whole, sharded);
  }

  @Test
  void shardsOfAnEvalAfterATrainStageScoreItsModel() throws Exception {
    StageRef train = trainStage();
    Manifest whole = computeWhole(stage('c', params(), List.of(train)));
    Manifest sharded = computeInShards(stage('d', params(), List.of(train)), 6);

    assertEquals(80, server.requestCount());
    assertSameOutput(whole, sharded);
    String results = new String(extraFile(sharded, EvalStage.RESULTS));
    assertTrue(results.contains("\"base_url\" : \"simulated://eval\""), results);
  }

  private Manifest computeWhole(PlannedStage stage) throws Exception {
    stages.compute(input(stage));
    return store.findManifest(stage.ref()).orElseThrow();
  }

  private Manifest computeInShards(PlannedStage stage, int shards) throws Exception {
    StageInput input = input(stage);
    ShardPlan plan = stages.planShards(input);
    assertEquals(80, plan.rows(), "20 x 3 arithmetic and 10 x 2 multiple-choice tasks");
    assertEquals(shards, plan.shards());
    for (int i = 0; i < plan.shards(); i++) {
      assertEquals(
          plan.shard(input, i).to() - plan.shard(input, i).from(),
          llm.computeShard(plan.shard(input, i)).rowsOut());
    }
    stages.commitShards(input, plan);
    Manifest manifest = store.findManifest(stage.ref()).orElseThrow();
    assertEquals((long) shards, manifest.extra().get("shards"));
    assertEquals(List.of(), store.verify(manifest));
    return manifest;
  }

  private void assertSameOutput(Manifest whole, Manifest sharded) throws Exception {
    assertEquals(whole.counters(), sharded.counters());
    List<ObjectNode> rows = rows(whole);
    assertEquals(80, rows.size());
    assertEquals(rows, rows(sharded), "the same rows in the same order");
    assertEquals(
        new String(extraFile(whole, EvalStage.RESULTS)),
        new String(extraFile(sharded, EvalStage.RESULTS)),
        "the same results.json");
  }

  private List<ObjectNode> rows(Manifest manifest) throws Exception {
    List<ObjectNode> rows = new ArrayList<>();
    try (RowReader reader = store.open(manifest)) {
      reader.forEach(rows::add);
    }
    return rows;
  }

  private byte[] extraFile(Manifest manifest, String name) throws Exception {
    String file = manifest.extraFile(name).orElseThrow().name();
    return blobs.get(manifest.ref().folder() + "/" + file).orElseThrow();
  }

  /** Two benchmarks of 20 x 3 and 10 x 2 tasks, 15 tasks a shard: shards cross benchmarks. */
  private Map<String, Object> params() throws Exception {
    List<String> arith = new ArrayList<>();
    List<String> mc = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      ArithmeticProblem q = ArithmeticProblems.generate(5, i, 50, 2);
      ObjectNode row = Rows.JSON.createObjectNode();
      row.put("id", "q" + i).put("problem", q.question()).put("answer", q.answer());
      arith.add(row.toString());
      if (i < 10) {
        long right = Long.parseLong(q.answer());
        row.putArray("choices").add(right).add(right + 3).add(right - 1);
        mc.add(row.toString());
      }
    }
    Files.write(dir.resolve("arith.jsonl"), arith);
    Files.write(dir.resolve("mc.jsonl"), mc);
    Map<String, Object> p = new HashMap<>();
    p.put(
        "benchmarks",
        Map.of(
            "arith", dir.resolve("arith.jsonl").toString(),
            "mc", dir.resolve("mc.jsonl").toString()));
    p.put("types", Map.of("arith", "math", "mc", "multiple-choice"));
    p.put("question_fields", Map.of("arith", "problem", "mc", "problem"));
    p.put("choice_fields", Map.of("mc", "choices"));
    p.put("repeats", Map.of("arith", 3, "mc", 2));
    p.put("shard_size", 15);
    return p;
  }

  /** A finished train stage whose one row names a model the simulated endpoint serves. */
  private StageRef trainStage() throws Exception {
    StageRef ref = new StageRef("train", "71".repeat(32));
    try (StageWriter writer =
        store.begin(
            ref,
            1,
            Rows.JSON.createObjectNode(),
            List.of(),
            new RunInfo("train", "wf", "run", "w", "test"),
            Clock.systemUTC())) {
      writer.write(
          new TrainedModel(
                  "openai-finetune",
                  SimulatedLlmConfig.DEFAULT_MODEL,
                  "simulated://eval",
                  null,
                  "student",
                  "ftjob-1")
              .toRow());
      writer.commit();
    }
    return ref;
  }

  private static PlannedStage stage(char key, Map<String, Object> values, List<StageRef> inputs) {
    return new PlannedStage(
        "eval",
        "eval",
        1,
        String.valueOf(key).repeat(64),
        StageFixtures.params("eval", values),
        inputs,
        new RetrySpec(1, 5));
  }

  private static StageInput input(PlannedStage stage) {
    return new StageInput("s", "e", stage, new ExecutionSettings(30, 30));
  }
}
