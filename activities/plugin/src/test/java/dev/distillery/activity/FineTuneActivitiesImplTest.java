package dev.distillery.activity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.distillery.llm.simulated.SimulatedLlmConfig;
import dev.distillery.llm.simulated.SimulatedLlmServer;
import dev.distillery.plan.PlannedStage;
import dev.distillery.plan.StageRef;
import dev.distillery.recipe.RetrySpec;
import dev.distillery.stages.StageRegistry;
import dev.distillery.stages.core.OpenAiChatClients;
import dev.distillery.stages.core.StageServices;
import dev.distillery.store.ArtifactStore;
import dev.distillery.store.CommittedStages;
import dev.distillery.store.FakeBlobStore;
import dev.distillery.workflow.ExecutionSettings;
import dev.distillery.workflow.FineTuneActivities;
import dev.distillery.workflow.FineTuneStatus;
import dev.distillery.workflow.StageInput;
import dev.distillery.workflow.StageOutcome;
import dev.distillery.workflow.StageResult;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.testing.TestActivityEnvironment;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The fine-tuning activities against the simulator's fine-tuning API over HTTP: the job is
 * recorded, found again instead of paid for twice, created again when the service lost it, and its
 * model committed as the stage's one row; a job that already ended is not an error to cancel.
 */
class FineTuneActivitiesImplTest {
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
  private static final StageRef EXPORT = new StageRef("export", "ef".repeat(32));
  private static final ActivityOptions OPTIONS =
      ActivityOptions.newBuilder()
          .setStartToCloseTimeout(Duration.ofMinutes(1))
          .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(1).build())
          .build();

  private final FakeBlobStore blobs = new FakeBlobStore();
  private final ArtifactStore store = new ArtifactStore(blobs);
  private final TestActivityEnvironment env = TestActivityEnvironment.newInstance();
  private SimulatedLlmServer server;

  @AfterEach
  void close() {
    env.close();
    if (server != null) {
      server.close();
    }
  }

  private FineTuneActivities start(Duration jobDuration) throws Exception {
    server =
        SimulatedLlmServer.start(
            SimulatedLlmConfig.builder().fineTuneDuration(jobDuration).build());
    List<ObjectNode> conversations = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      ObjectNode row = JSON.objectNode();
      row.putArray("conversations")
          .add(JSON.objectNode().put("from", "human").put("value", "Compute 2 + " + i + "."))
          .add(
              JSON.objectNode()
                  .put("from", "gpt")
                  .put("value", "The answer is \\boxed{" + (2 + i) + "}."));
      conversations.add(row);
    }
    CommittedStages.commit(store, EXPORT, "export", conversations);
    StageServices services =
        new StageServices(null, new OpenAiChatClients(server::baseUrl), null, Map.of());
    env.registerActivitiesImplementations(
        new FineTuneActivitiesImpl(
            store, StageRegistry.builtIn(), services, "w", "test", Clock.systemUTC()));
    return env.newActivityStub(FineTuneActivities.class, OPTIONS);
  }

  private static StageInput input() {
    ObjectNode params = JSON.objectNode();
    params
        .put("trainer", "openai-finetune")
        .put("base_url", "simulated://ft")
        .put("base_model", "simulated-student")
        .put("suffix", "t");
    PlannedStage stage =
        new PlannedStage(
            "train", "train", 1, "ab".repeat(32), params, List.of(EXPORT), new RetrySpec(1, 5));
    return new StageInput("s", "e", stage, new ExecutionSettings(30, 30));
  }

  @Test
  void aJobIsRecordedFoundAgainAndItsModelCommitted() throws Exception {
    FineTuneActivities jobs = start(Duration.ZERO);
    StageInput input = input();
    FineTuneStatus first = jobs.start(input);
    assertNull(first.existing());
    assertTrue(
        blobs.get(input.stage().ref().folder() + "/" + FineTuneActivitiesImpl.JOB_FILE).isPresent(),
        "the job is recorded beside the stage");

    FineTuneStatus again = jobs.start(input);
    assertEquals(first.jobId(), again.jobId(), "a retried start finds the recorded job");
    assertEquals(1, server.fineTuningJobsCreated(), "one job paid for");

    FineTuneStatus done = jobs.poll(input, first.jobId());
    for (int i = 0; i < 50 && !done.terminal(); i++) {
      Thread.sleep(50);
      done = jobs.poll(input, first.jobId());
    }
    assertEquals("succeeded", done.status());
    StageResult result = jobs.commit(input, done);
    assertEquals(StageOutcome.COMPUTED, result.outcome());
    assertEquals(1, result.rowsOut());
    assertEquals(30, result.rowsIn(), "trained on the export's 30 rows");
    ObjectNode row = store.open(store.findManifest(input.stage().ref()).orElseThrow()).next();
    assertEquals(done.fineTunedModel(), row.get("model").asText());
    assertTrue(row.get("model").asText().contains("sim-acc-"), row.toString());
    assertEquals("simulated://ft", row.get("base_url").asText());
    assertTrue(
        blobs.get(input.stage().ref().folder() + "/" + FineTuneActivitiesImpl.JOB_FILE).isEmpty(),
        "the record goes once the manifest exists");
    assertEquals(StageOutcome.REUSED, jobs.start(input).existing().outcome());

    // Cancelling after the job ended (a cancel racing its end) is not an error.
    jobs.cancel(input, first.jobId());
  }

  @Test
  void aJobTheServiceLostIsCreatedAgain() throws Exception {
    FineTuneActivities jobs = start(Duration.ofMinutes(10));
    StageInput input = input();
    FineTuneStatus polled = jobs.poll(input, "ftjob-that-the-service-never-had");
    assertTrue(polled.jobId().startsWith("ftjob"), polled.toString());
    assertEquals(1, server.fineTuningJobsCreated());
    assertEquals(polled.jobId(), jobs.start(input).jobId(), "the new job is the recorded one");
  }

  @Test
  void aFailedJobFailsTheStageForGoodAndForgetsItsRecord() throws Exception {
    FineTuneActivities jobs = start(Duration.ZERO);
    StageInput input = input();
    FineTuneStatus failed =
        new FineTuneStatus(null, "ftjob-x", "failed", null, "invalid_training_file", 0, null);
    ActivityFailure e = assertThrows(ActivityFailure.class, () -> jobs.commit(input, failed));
    assertTrue(
        String.valueOf(e.getCause().getMessage()).contains("invalid_training_file"),
        e.getCause().getMessage());
    assertTrue(store.findManifest(input.stage().ref()).isEmpty());
  }
}
