package dev.distillery.workflow;

import java.util.List;

/** The Temporal task queues Distillery uses. Workers and clients take their names from here. */
public final class TaskQueues {
  /** Sweep, experiment and stage workflows, and the stage activities. */
  public static final String DISTILL = "distillery";

  /**
   * Activities that call a model (teacher shards, batch jobs). A separate queue lets operators size
   * model traffic apart from storage work: each worker bounds the shards it runs at once, and the
   * server-side {@code maxTaskQueueActivitiesPerSecond} of this queue bounds shard starts across
   * all workers.
   */
  public static final String LLM = "distillery-llm";

  /**
   * Activities that need the training machine: a {@code train} stage's command trainer and an
   * {@code eval} stage that serves its model there ({@code serve}). Only workers started with this
   * queue in {@code --task-queues} (and the embedded stack of {@code distill run} and {@code dev})
   * run them.
   */
  public static final String GPU = "distillery-gpu";

  /** Every task queue, in the order above. */
  public static final List<String> ALL = List.of(DISTILL, LLM, GPU);

  private TaskQueues() {}
}
