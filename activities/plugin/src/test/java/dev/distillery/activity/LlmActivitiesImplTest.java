package dev.distillery.activity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.distillery.plan.PlannedStage;
import dev.distillery.plan.StageRef;
import dev.distillery.recipe.RetrySpec;
import dev.distillery.stages.StageRegistry;
import dev.distillery.stages.core.Stage;
import dev.distillery.stages.core.StageServices;
import dev.distillery.store.ArtifactStore;
import dev.distillery.store.CommittedStages;
import dev.distillery.store.FakeBlobStore;
import dev.distillery.store.Manifest;
import dev.distillery.store.RowReader;
import dev.distillery.store.ShardCheckpoint;
import dev.distillery.workflow.ExecutionSettings;
import dev.distillery.workflow.LlmActivities;
import dev.distillery.workflow.ShardInput;
import dev.distillery.workflow.ShardPlan;
import dev.distillery.workflow.ShardResult;
import dev.distillery.workflow.StageActivities;
import dev.distillery.workflow.StageInput;
import dev.distillery.workflow.StageOutcome;
import dev.distillery.workflow.StageResult;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.testing.TestActivityEnvironment;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A shard that dies midway resumes from its last checkpoint: the retried attempt reads only the
 * input rows after it, and the stage's rows come out complete, in order, each exactly once.
 */
class LlmActivitiesImplTest {
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
  private static final StageRef SOURCE = new StageRef("source", "cd".repeat(32));

  private final FakeBlobStore blobs = new FakeBlobStore();
  private final ArtifactStore store = new ArtifactStore(blobs);
  private final TestActivityEnvironment env = TestActivityEnvironment.newInstance();
  private final List<Long> seen = new ArrayList<>();
  private volatile long failAt = -1;
  private final StageActivities stages = env.newActivityStub(StageActivities.class, OPTIONS);
  private final LlmActivities llm = env.newActivityStub(LlmActivities.class, OPTIONS);

  /** Echoes each input row, reporting progress (a checkpoint boundary) after each. */
  private final Stage echo =
      context -> {
        long[] done = {0};
        context
            .inputs()
            .get(0)
            .forEach(
                row -> {
                  long id = row.get("id").asLong();
                  if (id == failAt) {
                    failAt = -1;
                    throw new IOException("connection reset (injected)");
                  }
                  seen.add(id);
                  context.out().write(row.put("echoed", true));
                  context.out().count("requests", 1);
                  context.progress().report(++done[0], -1);
                });
      };

  private static final ActivityOptions OPTIONS =
      ActivityOptions.newBuilder()
          .setStartToCloseTimeout(Duration.ofMinutes(1))
          .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(1).build())
          .build();

  /**
   * Writes a 10-row source and registers the activities over it (a checkpoint after every row);
   * returns a teacher stage of 6-row shards over the source, keyed by {@code keyByte}.
   */
  private PlannedStage teacher(String keyByte) throws IOException {
    writeSource(10, 4);
    StageRegistry registry = new StageRegistry(Map.of("teacher", echo));
    StageServices services = new StageServices(null, null, null, Map.of());
    env.registerActivitiesImplementations(TestStageActivities.of(store, registry, services));
    return new PlannedStage(
        "t",
        "teacher",
        1,
        keyByte.repeat(32),
        (ObjectNode) JSON.objectNode().put("shard_size", 6),
        List.of(SOURCE),
        new RetrySpec(1, 5));
  }

  private static StageInput input(PlannedStage stage) {
    return new StageInput("s", "e", stage, new ExecutionSettings(30, 30));
  }

  @AfterEach
  void close() {
    env.close();
  }

  @Test
  void anAttemptWithoutTheHeartbeatResumesFromTheCheckpointInTheStore() throws Exception {
    PlannedStage teacher = teacher("ab");
    StageInput input = input(teacher);
    ShardInput first = stages.planShards(input).shard(input, 0);
    failAt = 3;
    assertThrows(ActivityFailure.class, () -> llm.computeShard(first));
    assertEquals(
        3,
        store.findShardCheckpoint(teacher.ref(), 0, 6).orElseThrow().resumeAt(),
        "every row was a checkpoint (checkpointEvery 0), each stored");

    // As a new stage workflow after a cancel would: no heartbeat details.
    env.setHeartbeatDetails(null);
    assertEquals(6, llm.computeShard(first).rowsOut());
    assertEquals(List.of(0L, 1L, 2L, 3L, 4L, 5L), seen, "rows 0-2 were not read again");
  }

  @Test
  void aFailedShardResumesFromItsCheckpointAndTheStageHoldsEveryRowOnce() throws Exception {
    PlannedStage teacher = teacher("ef");
    StageInput input = input(teacher);
    AtomicReference<ShardCheckpoint> last = new AtomicReference<>();
    env.setActivityHeartbeatListener(ShardCheckpoint.class, last::set);

    ShardPlan plan = stages.planShards(input);
    assertEquals(2, plan.shards());
    failAt = 4;
    ShardInput first = plan.shard(input, 0);
    assertThrows(ActivityFailure.class, () -> llm.computeShard(first));
    // Heartbeats are throttled, so Temporal holds one of the checkpoints taken after rows 0-3.
    long resumeAt = last.get().resumeAt();
    assertTrue(resumeAt >= 1 && resumeAt <= 4, "checkpoint at " + resumeAt);
    assertEquals(List.of(0L, 1L, 2L, 3L), seen);

    env.setHeartbeatDetails(last.get());
    ShardResult resumed = llm.computeShard(first);
    assertEquals(6, resumed.rowsOut());
    List<Long> expected = new ArrayList<>(List.of(0L, 1L, 2L, 3L));
    for (long id = resumeAt; id < 6; id++) {
      expected.add(id);
    }
    assertEquals(expected, seen, "the retry read the rows after the checkpoint only");
    env.setHeartbeatDetails(null);
    assertTrue(llm.computeShard(first).reused(), "a recorded shard is not computed again");
    llm.computeShard(plan.shard(input, 1));
    StageResult result = stages.commitShards(input, plan);

    assertEquals(StageOutcome.COMPUTED, result.outcome());
    assertEquals(10, result.rowsOut());
    Manifest manifest = store.findManifest(teacher.ref()).orElseThrow();
    assertEquals(
        10, manifest.extra().get("requests"), "the checkpoint's counters carry over, not doubled");
    assertEquals(2, manifest.extra().get("shards"));
    List<Long> ids = new ArrayList<>();
    try (RowReader reader = store.open(manifest)) {
      for (ObjectNode row : reader) {
        ids.add(row.get("id").asLong());
      }
    }
    assertEquals(List.of(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L), ids);
    assertEquals(List.of(), store.verify(manifest));
  }

  @Test
  void aTeacherLimitedToTheFirstQuestionsPlansShardsOverThemAlone() throws Exception {
    PlannedStage all = teacher("cd");
    PlannedStage limited =
        new PlannedStage(
            all.id(),
            all.kind(),
            all.kindVersion(),
            all.key(),
            all.params().put("questions", 7),
            all.inputs(),
            all.retry());
    StageInput input = input(limited);
    ShardPlan plan = stages.planShards(input);

    assertEquals(7, plan.rows());
    assertEquals(2, plan.shards());
    assertEquals(7, plan.shard(input, 1).to());
  }

  private void writeSource(int rows, int rowsPerPart) throws IOException {
    List<ObjectNode> source = new ArrayList<>();
    for (int i = 0; i < rows; i++) {
      source.add(JSON.objectNode().put("id", i));
    }
    CommittedStages.commit(store, SOURCE, "q", source, rowsPerPart);
  }
}
