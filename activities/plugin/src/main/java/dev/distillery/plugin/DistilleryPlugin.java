package dev.distillery.plugin;

import dev.distillery.activity.BatchActivitiesImpl;
import dev.distillery.activity.FineTuneActivitiesImpl;
import dev.distillery.activity.LlmActivitiesImpl;
import dev.distillery.activity.StageActivitiesImpl;
import dev.distillery.activity.SweepActivitiesImpl;
import dev.distillery.activity.TemporalShardMessages;
import dev.distillery.llm.CompletionBroker;
import dev.distillery.stages.StageRegistry;
import dev.distillery.stages.core.OpenAiChatClients;
import dev.distillery.stages.core.StageServices;
import dev.distillery.store.ArtifactStore;
import dev.distillery.workflow.ExperimentWorkflowImpl;
import dev.distillery.workflow.StageWorkflowImpl;
import dev.distillery.workflow.SweepWorkflowImpl;
import dev.distillery.workflow.TaskQueues;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.common.SimplePlugin;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;
import io.temporal.worker.WorkerFactoryOptions;
import io.temporal.worker.WorkerOptions;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Distillery as a Temporal plugin: it adds Distillery's workflows and activities to a worker
 * factory that a team builds itself, beside the team's own workers, interceptors and data
 * converter. {@code distill worker} and the embedded stack of {@code distill run} and {@code dev}
 * are built the same way.
 *
 * <pre>{@code
 * DistilleryPlugin distillery =
 *     DistilleryPlugin.newBuilder().s3(s3, "my-bucket", "distillery").build();
 * WorkerFactory factory =
 *     WorkerFactory.newInstance(
 *         client, WorkerFactoryOptions.newBuilder().setPlugins(distillery).build());
 * factory.start(); // polls Distillery's task queues as well as the team's own
 * }</pre>
 *
 * <p>Set on a {@link WorkerFactoryOptions.Builder#setPlugins} or on the client's {@link
 * WorkflowClientOptions.Builder#setPlugins} (then every factory of that client gets it). When the
 * factory starts, the plugin registers Distillery's search attributes in the client's namespace
 * (best effort, see {@link SearchAttributeRegistrar}), creates a worker for each of its {@link
 * DistilleryPluginBuilder#taskQueues task queues} that the caller did not create, and registers on
 * them:
 *
 * <ul>
 *   <li>{@link TaskQueues#DISTILL}: the sweep, experiment and stage workflows and the stage, sweep
 *       and fine-tune activities;
 *   <li>{@link TaskQueues#LLM}: the activities that call models (shards and batch jobs);
 *   <li>{@link TaskQueues#GPU}: the stage activities that need the training machine, one at a time.
 * </ul>
 *
 * <p>The task queue names are fixed: the workflows route child workflows and activities to them in
 * their own code ({@link TaskQueues}). A name read there from a worker's configuration would make a
 * workflow's commands depend on the worker that replays it, and names carried in workflow inputs
 * would change every workflow's input. A team chooses which of them a worker polls, not what they
 * are called; a Temporal namespace keeps one team's Distillery apart from another's.
 *
 * <p>Distillery needs nothing from the client beyond Temporal's defaults: its payloads are Java
 * records that the SDK's default JSON converter reads and writes, so the plugin leaves the data
 * converter as it is (a codec that wraps the default one, for encryption or compression, is fine).
 */
public final class DistilleryPlugin extends SimplePlugin {
  /** The plugin's name, by which the SDK tells plugins apart. */
  public static final String NAME = "dev.distillery";

  private final ArtifactStore store;
  private final StageServices services;
  private final StageRegistry stages;
  private final Set<String> taskQueues;
  private final int maxActivities;
  private final int maxShards;
  private final double shardsPerSecond;
  private final Duration checkpointEvery;
  private final boolean stickyExecution;
  private final boolean registerSearchAttributes;
  private final String version;

  DistilleryPlugin(DistilleryPluginBuilder builder) {
    super(NAME);
    this.store = builder.store;
    this.services =
        new StageServices(
            builder.sourceFiles,
            builder.chatClients != null
                ? builder.chatClients
                : new OpenAiChatClients(builder.simulator),
            new CompletionBroker(builder.store.blobs()),
            builder.environment);
    this.stages =
        builder.stages != null
            ? builder.stages
            : builder.trainDir != null
                ? StageRegistry.builtIn(builder.trainDir)
                : StageRegistry.builtIn();
    this.taskQueues = builder.taskQueues;
    this.maxActivities = builder.maxActivities;
    this.maxShards = builder.maxShards;
    this.shardsPerSecond = builder.shardsPerSecond;
    this.checkpointEvery = builder.checkpointEvery;
    this.stickyExecution = builder.stickyExecution;
    this.registerSearchAttributes = builder.registerSearchAttributes;
    this.version = builder.version;
  }

  /** A builder with the defaults each setter names; a store is required. */
  public static DistilleryPluginBuilder newBuilder() {
    return new DistilleryPluginBuilder();
  }

  /** The task queues this plugin's workers poll, a subset of Distillery's three. */
  public Set<String> taskQueues() {
    return taskQueues;
  }

  /**
   * Sets the options of Distillery's task queues over those the caller passed: heartbeats at least
   * every 5 s (they carry progress), the sticky setting, and how many activities run at once.
   */
  @Override
  public void configureWorker(String taskQueue, WorkerOptions.Builder options) {
    if (!taskQueues.contains(taskQueue)) {
      return;
    }
    options
        .setMaxHeartbeatThrottleInterval(Duration.ofSeconds(5))
        // A zero timeout makes the SDK send no sticky attributes.
        .setStickyQueueScheduleToStartTimeout(
            stickyExecution ? Duration.ofSeconds(5) : Duration.ZERO);
    switch (taskQueue) {
      case TaskQueues.DISTILL -> options.setMaxConcurrentActivityExecutionSize(maxActivities);
      case TaskQueues.LLM -> {
        options.setMaxConcurrentActivityExecutionSize(maxShards);
        if (shardsPerSecond > 0) {
          options.setMaxTaskQueueActivitiesPerSecond(shardsPerSecond);
        }
      }
      default -> options.setMaxConcurrentActivityExecutionSize(1);
    }
  }

  /** Registers the workflows on a {@link TaskQueues#DISTILL} worker. */
  @Override
  public void initializeWorker(String taskQueue, Worker worker) {
    if (taskQueue.equals(TaskQueues.DISTILL) && taskQueues.contains(taskQueue)) {
      worker.registerWorkflowImplementationTypes(
          SweepWorkflowImpl.class, ExperimentWorkflowImpl.class, StageWorkflowImpl.class);
    }
  }

  /**
   * Registers the search attributes, creates the workers of this plugin's task queues that the
   * caller did not create, and registers the activities on them; the activities report to workflows
   * through the factory's client, under its identity.
   */
  @Override
  public void startWorkerFactory(WorkerFactory factory, Consumer<WorkerFactory> next) {
    WorkflowClient client = factory.getWorkflowClient();
    if (registerSearchAttributes) {
      SearchAttributeRegistrar.register(
          client.getWorkflowServiceStubs(), client.getOptions().getNamespace());
    }
    String identity = client.getOptions().getIdentity();
    Clock clock = Clock.systemUTC();
    StageActivitiesImpl stage =
        new StageActivitiesImpl(store, stages, services, identity, version, clock);
    for (String queue : TaskQueues.ALL) {
      if (!taskQueues.contains(queue)) {
        continue;
      }
      Worker worker = factory.tryGetWorker(queue);
      if (worker == null) {
        worker = factory.newWorker(queue);
      }
      switch (queue) {
        case TaskQueues.DISTILL ->
            worker.registerActivitiesImplementations(
                stage,
                new SweepActivitiesImpl(store),
                new FineTuneActivitiesImpl(store, stages, services, identity, version, clock));
        case TaskQueues.LLM ->
            worker.registerActivitiesImplementations(
                new LlmActivitiesImpl(
                    store,
                    stages,
                    services,
                    identity,
                    version,
                    clock,
                    checkpointEvery,
                    new TemporalShardMessages(client),
                    min(LlmActivitiesImpl.DEFAULT_PROGRESS_EVERY, checkpointEvery)),
                new BatchActivitiesImpl(store, stages, services, identity, version));
        default -> worker.registerActivitiesImplementations(stage);
      }
    }
    next.accept(factory);
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }
}
