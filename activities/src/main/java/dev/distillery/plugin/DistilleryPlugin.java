package dev.distillery.plugin;

import dev.distillery.activity.BatchActivitiesImpl;
import dev.distillery.activity.FineTuneActivitiesImpl;
import dev.distillery.activity.LlmActivitiesImpl;
import dev.distillery.activity.LocalAndS3Files;
import dev.distillery.activity.OpenAiChatClients;
import dev.distillery.activity.StageActivitiesImpl;
import dev.distillery.activity.SweepActivitiesImpl;
import dev.distillery.activity.TemporalShardMessages;
import dev.distillery.llm.CompletionBroker;
import dev.distillery.stages.ChatClients;
import dev.distillery.stages.SourceFiles;
import dev.distillery.stages.StageRegistry;
import dev.distillery.stages.StageServices;
import dev.distillery.store.ArtifactStore;
import dev.distillery.store.S3BlobStore;
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
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import software.amazon.awssdk.services.s3.S3Client;

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
 * Builder#taskQueues task queues} that the caller did not create, and registers on them:
 *
 * <ul>
 *   <li>{@link TaskQueues#DISTILL}: the sweep, experiment and stage workflows and the stage, sweep
 *       and fine-tune activities;
 *   <li>{@link TaskQueues#LLM}: the activities that call models (shards and batch jobs);
 *   <li>{@link TaskQueues#GPU}: the stage activities that need the training machine, one at a time.
 * </ul>
 *
 * <p>The task queue names are fixed: the workflows route child workflows and activities to these
 * names in their own code, and a name taken from configuration there would change the commands of
 * running workflows on replay. A team chooses which of them a worker polls, not what they are
 * called; isolate Distillery per team with a Temporal namespace instead.
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

  private DistilleryPlugin(Builder builder) {
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
  public static Builder newBuilder() {
    return new Builder();
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

  /** Options of a {@link DistilleryPlugin}. */
  public static final class Builder {
    private ArtifactStore store;
    private SourceFiles sourceFiles;
    private ChatClients chatClients;
    private OpenAiChatClients.SimulatorLocator simulator = Builder::noSimulator;
    private Map<String, String> environment = System.getenv();
    private StageRegistry stages;
    private Path trainDir;
    private Set<String> taskQueues = Set.copyOf(TaskQueues.ALL);
    private int maxActivities = 4;
    private int maxShards = 4;
    private double shardsPerSecond;
    private Duration checkpointEvery = Duration.ofSeconds(10);
    private boolean stickyExecution = true;
    private boolean registerSearchAttributes = true;
    private String version = defaultVersion();

    private Builder() {}

    /**
     * Keeps artifacts in {@code bucket} under {@code prefix} (such as {@code distillery/dev}; empty
     * for the bucket's root) through {@code s3}, and lets recipes read {@code s3://} sources
     * through it too. Either this or {@link #store(ArtifactStore, SourceFiles)} is required.
     */
    public Builder s3(S3Client s3, String bucket, String prefix) {
      return store(
          new ArtifactStore(new S3BlobStore(s3, bucket, prefix)),
          new LocalAndS3Files(s3, Files::newInputStream));
    }

    /**
     * Keeps artifacts in {@code store} and opens recipes' source files through {@code files}. Use
     * {@link #s3} for the usual S3 store; this is for another {@link
     * dev.distillery.store.BlobStore}.
     */
    public Builder store(ArtifactStore store, SourceFiles files) {
      this.store = Objects.requireNonNull(store, "store");
      this.sourceFiles = Objects.requireNonNull(files, "files");
      return this;
    }

    /**
     * The base URL of the simulated LLM that recipes name as {@code simulated://}. Default: none,
     * and a stage that names it fails with a message saying so.
     */
    public Builder simulatorUrl(URI baseUrl) {
      Objects.requireNonNull(baseUrl, "baseUrl");
      return simulator(() -> baseUrl);
    }

    /**
     * Finds (or starts, on first use) the simulated LLM; for a worker that starts it lazily. See
     * {@link #simulatorUrl}.
     */
    public Builder simulator(OpenAiChatClients.SimulatorLocator simulator) {
      this.simulator = Objects.requireNonNull(simulator, "simulator");
      return this;
    }

    /**
     * How stages reach the model endpoints that recipes name. Default: OpenAI-compatible HTTP
     * clients, with the rate limits each recipe sets shared per endpoint across this plugin's
     * workers, and {@code simulated://} resolved as {@link #simulatorUrl} says. When set, {@link
     * #simulatorUrl} is not used.
     */
    public Builder chatClients(ChatClients chatClients) {
      this.chatClients = Objects.requireNonNull(chatClients, "chatClients");
      return this;
    }

    /**
     * The variables stages read API keys from, by the names recipes give in {@code api_key_env}.
     * Default: the process environment.
     */
    public Builder environment(Map<String, String> environment) {
      this.environment = Map.copyOf(environment);
      return this;
    }

    /**
     * The stage kinds this worker runs. Default: every built-in kind ({@link
     * StageRegistry#builtIn(Path)} with {@link #trainDir}). When set, {@link #trainDir} is not
     * used.
     */
    public Builder stages(StageRegistry stages) {
      this.stages = Objects.requireNonNull(stages, "stages");
      return this;
    }

    /**
     * Where {@code train} stages without {@code work_dir} keep their folders. Default: {@code
     * distillery-train} under the system's temporary folder.
     */
    public Builder trainDir(Path trainDir) {
      this.trainDir = Objects.requireNonNull(trainDir, "trainDir");
      return this;
    }

    /**
     * Which of Distillery's task queues this plugin's workers poll. Default: all three ({@link
     * TaskQueues#ALL}); leave out {@link TaskQueues#GPU} on machines that should not train or serve
     * models. The names are fixed (see the class comment).
     *
     * @throws IllegalArgumentException for a name that is not one of {@link TaskQueues#ALL}, or
     *     none
     */
    public Builder taskQueues(Collection<String> taskQueues) {
      for (String queue : taskQueues) {
        if (!TaskQueues.ALL.contains(queue)) {
          throw new IllegalArgumentException(
              "unknown task queue '"
                  + queue
                  + "': Distillery's workflows route work to "
                  + String.join(", ", TaskQueues.ALL)
                  + " by these names; choose among them.");
        }
      }
      if (taskQueues.isEmpty()) {
        throw new IllegalArgumentException(
            "no task queue given: choose among " + String.join(", ", TaskQueues.ALL) + ".");
      }
      this.taskQueues = Set.copyOf(taskQueues);
      return this;
    }

    /** As {@link #taskQueues(Collection)}. */
    public Builder taskQueues(String... taskQueues) {
      return taskQueues(List.of(taskQueues));
    }

    /**
     * Stage activities (storage and CPU work) run at once by the {@link TaskQueues#DISTILL} worker;
     * 0 for the SDK's default (200). Default: 4.
     */
    public Builder maxActivities(int maxActivities) {
      this.maxActivities = notNegative(maxActivities, "maxActivities");
      return this;
    }

    /**
     * Shard activities (model calls) run at once by the {@link TaskQueues#LLM} worker; each keeps
     * up to its stage's {@code concurrency} requests in flight; 0 for the SDK's default (200).
     * Default: 4.
     */
    public Builder maxShards(int maxShards) {
      this.maxShards = notNegative(maxShards, "maxShards");
      return this;
    }

    /**
     * The server-side limit on shard starts per second across every worker of the {@link
     * TaskQueues#LLM} queue (Temporal's {@code maxTaskQueueActivitiesPerSecond}). Default: 0, no
     * limit.
     */
    public Builder shardsPerSecond(double shardsPerSecond) {
      if (shardsPerSecond < 0) {
        throw new IllegalArgumentException("shardsPerSecond must be 0 (no limit) or more");
      }
      this.shardsPerSecond = shardsPerSecond;
      return this;
    }

    /**
     * How often a running shard uploads its finished rows, so that a retry resumes from them.
     * Default: 10 s.
     */
    public Builder checkpointEvery(Duration checkpointEvery) {
      if (checkpointEvery.isNegative() || checkpointEvery.isZero()) {
        throw new IllegalArgumentException("checkpointEvery must be positive");
      }
      this.checkpointEvery = checkpointEvery;
      return this;
    }

    /**
     * Whether Distillery's workers use sticky execution (a per-worker queue that keeps a workflow's
     * next task on the worker that cached it). Default: true. Turn it off against Temporal's Java
     * test server: it never times out a sticky task, so a workflow whose worker died would wait
     * forever; a real server reroutes such tasks after 5 s.
     */
    public Builder stickyExecution(boolean stickyExecution) {
      this.stickyExecution = stickyExecution;
      return this;
    }

    /**
     * Whether the factory registers Distillery's search attributes in its namespace when it starts,
     * if the server lacks them. Default: true (best effort; a server that refuses gets one warning
     * line). Turn it off when {@code infra/register-search-attributes.sh} has run.
     */
    public Builder registerSearchAttributes(boolean registerSearchAttributes) {
      this.registerSearchAttributes = registerSearchAttributes;
      return this;
    }

    /**
     * The Distillery version that manifests record as their producer. Default: this jar's version,
     * or {@code dev} when run from classes.
     */
    public Builder distilleryVersion(String version) {
      this.version = Objects.requireNonNull(version, "version");
      return this;
    }

    /**
     * The plugin.
     *
     * @throws IllegalStateException when no store was given
     */
    public DistilleryPlugin build() {
      if (store == null) {
        throw new IllegalStateException(
            "DistilleryPlugin needs a store for its artifacts: call s3(client, bucket, prefix) or"
                + " store(artifactStore, sourceFiles) on the builder.");
      }
      return new DistilleryPlugin(this);
    }

    private static int notNegative(int value, String name) {
      if (value < 0) {
        throw new IllegalArgumentException(name + " must be 0 (the SDK's default) or more");
      }
      return value;
    }

    private static URI noSimulator() throws IOException {
      throw new IOException(
          "this worker has no simulated LLM: give its base URL to"
              + " DistilleryPlugin.Builder.simulatorUrl, or point the recipe's base_url at a real"
              + " endpoint");
    }

    private static String defaultVersion() {
      String v = DistilleryPlugin.class.getPackage().getImplementationVersion();
      return v == null ? "dev" : v;
    }
  }
}
