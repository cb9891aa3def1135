package dev.distillery.activity;

import dev.distillery.stages.StageRegistry;
import dev.distillery.stages.core.StageServices;
import dev.distillery.store.ArtifactStore;
import java.time.Clock;
import java.time.Duration;

/** The stage and LLM activities a test registers: worker "w", version "test", no messages. */
public final class TestStageActivities {
  private TestStageActivities() {}

  /**
   * {@link StageActivitiesImpl} and {@link LlmActivitiesImpl} over {@code store}, with no wait
   * between checkpoints and shards that tell no workflow of their progress.
   */
  public static Object[] of(ArtifactStore store, StageRegistry registry, StageServices services) {
    return new Object[] {
      new StageActivitiesImpl(store, registry, services, "w", "test", Clock.systemUTC()),
      new LlmActivitiesImpl(
          store,
          registry,
          services,
          "w",
          "test",
          Clock.systemUTC(),
          Duration.ZERO,
          ShardMessages.NONE,
          LlmActivitiesImpl.DEFAULT_PROGRESS_EVERY)
    };
  }
}
