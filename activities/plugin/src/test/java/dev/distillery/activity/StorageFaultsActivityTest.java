package dev.distillery.activity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.distillery.plan.PlannedStage;
import dev.distillery.recipe.RetrySpec;
import dev.distillery.stages.StageRegistry;
import dev.distillery.stages.core.Stage;
import dev.distillery.stages.core.StageServices;
import dev.distillery.store.ArtifactStore;
import dev.distillery.store.CommittedStages;
import dev.distillery.store.FakeBlobStore;
import dev.distillery.workflow.ExecutionSettings;
import dev.distillery.workflow.StageActivities;
import dev.distillery.workflow.StageInput;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestActivityEnvironment;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Storage failures that no retry fixes (a full disk, a corrupt manifest) fail a stage activity for
 * good at its first attempt, in one paragraph naming the object and what to do.
 */
class StorageFaultsActivityTest {
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  /** Retries that would take minutes, were the failure retried. */
  private static final ActivityOptions RETRIED =
      ActivityOptions.newBuilder()
          .setStartToCloseTimeout(Duration.ofMinutes(1))
          .setRetryOptions(
              RetryOptions.newBuilder()
                  .setMaximumAttempts(5)
                  .setInitialInterval(Duration.ofSeconds(30))
                  .build())
          .build();

  private final FakeBlobStore blobs = new FakeBlobStore();
  private final ArtifactStore store = new ArtifactStore(blobs);
  private final TestActivityEnvironment env = TestActivityEnvironment.newInstance();
  private final AtomicInteger attempts = new AtomicInteger();
  private final PlannedStage source =
      new PlannedStage(
          "source",
          "source",
          1,
          "ab".repeat(32),
          JSON.objectNode(),
          List.of(),
          new RetrySpec(5, 5));

  /** Writes three rows, counting its attempts. */
  private final Stage threeRows =
      context -> {
        attempts.incrementAndGet();
        for (int i = 0; i < 3; i++) {
          context.out().write(JSON.objectNode().put("id", i));
        }
      };

  private StageActivities activities() {
    env.registerActivitiesImplementations(
        new StageActivitiesImpl(
            store,
            new StageRegistry(Map.of("source", threeRows)),
            new StageServices(null, null, null, Map.of()),
            "w",
            "test",
            Clock.systemUTC()));
    return env.newActivityStub(StageActivities.class, RETRIED);
  }

  private StageInput input() {
    return new StageInput("s", "e", source, new ExecutionSettings(30, 30));
  }

  @AfterEach
  void close() {
    env.close();
  }

  @Test
  void aFullDiskFailsTheStageAtOnceNamingTheObject() {
    StageActivities stages = activities();
    blobs.fillDisk();

    ApplicationFailure failure = failureOf(() -> stages.compute(input()));

    assertEquals("StorageFull", failure.getType());
    String message = failure.getOriginalMessage();
    assertTrue(message.startsWith("no space left on mem://fake/" + source.ref().folder()), message);
    assertTrue(message.contains("Free space there, then run or resume the sweep"), message);
    assertEquals(1, attempts.get());
  }

  @Test
  void aTruncatedManifestFailsTheStageAtOnceAndItsLookupSeesNoManifest() throws Exception {
    StageActivities stages = activities();
    CommittedStages.commit(store, source.ref(), "source", List.of(JSON.objectNode().put("id", 0)));
    String key = source.ref().folder() + "/manifest.json";
    byte[] manifest = blobs.get(key).orElseThrow();
    blobs.put(key, Arrays.copyOf(manifest, manifest.length / 2));

    assertEquals(Arrays.asList((Object) null), stages.lookup(List.of(input())));
    ApplicationFailure failure = failureOf(() -> stages.compute(input()));

    assertEquals("CorruptManifest", failure.getType());
    String message = failure.getOriginalMessage();
    assertTrue(message.startsWith("mem://fake/" + key + " is corrupt: its "), message);
    assertTrue(message.contains("end in the middle of the JSON"), message);
    assertTrue(message.contains("Delete that object"), message);
    assertEquals(0, attempts.get(), "nothing was computed over it");
  }

  /** The failure of {@code call}: non-retryable, its message one line with no Java class names. */
  private static ApplicationFailure failureOf(Runnable call) {
    ActivityFailure thrown = assertThrows(ActivityFailure.class, call::run);
    ApplicationFailure failure = (ApplicationFailure) thrown.getCause();
    assertTrue(failure.isNonRetryable(), failure.getType() + ": " + failure.getOriginalMessage());
    assertFalse(failure.getOriginalMessage().contains("\n"), failure.getOriginalMessage());
    assertFalse(failure.getOriginalMessage().contains("Exception"), failure.getOriginalMessage());
    return failure;
  }
}
