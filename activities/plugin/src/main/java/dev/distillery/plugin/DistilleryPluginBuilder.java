package dev.distillery.plugin;

import dev.distillery.activity.LocalAndS3Files;
import dev.distillery.stages.StageRegistry;
import dev.distillery.stages.core.ChatClients;
import dev.distillery.stages.core.OpenAiChatClients;
import dev.distillery.stages.core.SourceFiles;
import dev.distillery.store.ArtifactStore;
import dev.distillery.store.S3BlobStore;
import dev.distillery.workflow.TaskQueues;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import software.amazon.awssdk.services.s3.S3Client;

/** Options of a {@link DistilleryPlugin}, from {@link DistilleryPlugin#newBuilder()}. */
public final class DistilleryPluginBuilder {
  ArtifactStore store;
  SourceFiles sourceFiles;
  ChatClients chatClients;
  OpenAiChatClients.SimulatorLocator simulator = DistilleryPluginBuilder::noSimulator;
  Map<String, String> environment = System.getenv();
  StageRegistry stages;
  Path trainDir;
  Set<String> taskQueues = Set.copyOf(TaskQueues.ALL);
  int maxActivities = 4;
  int maxShards = 4;
  double shardsPerSecond;
  Duration checkpointEvery = Duration.ofSeconds(10);
  boolean stickyExecution = true;
  boolean registerSearchAttributes = true;
  String version = defaultVersion();

  DistilleryPluginBuilder() {}

  /**
   * Keeps artifacts in {@code bucket} under {@code prefix} (such as {@code distillery/dev}; empty
   * for the bucket's root) through {@code s3}, and lets recipes read {@code s3://} sources through
   * it too. Either this or {@link #store(ArtifactStore, SourceFiles)} is required.
   */
  public DistilleryPluginBuilder s3(S3Client s3, String bucket, String prefix) {
    return store(
        new ArtifactStore(new S3BlobStore(s3, bucket, prefix)),
        new LocalAndS3Files(s3, Files::newInputStream));
  }

  /**
   * Keeps artifacts in {@code store} and opens recipes' source files through {@code files}. Use
   * {@link #s3} for the usual S3 store; this is for another {@link dev.distillery.store.BlobStore}.
   */
  public DistilleryPluginBuilder store(ArtifactStore store, SourceFiles files) {
    this.store = Objects.requireNonNull(store, "store");
    this.sourceFiles = Objects.requireNonNull(files, "files");
    return this;
  }

  /**
   * The base URL of the simulated LLM that recipes name as {@code simulated://}. Default: none, and
   * a stage that names it fails with a message saying so.
   */
  public DistilleryPluginBuilder simulatorUrl(URI baseUrl) {
    Objects.requireNonNull(baseUrl, "baseUrl");
    return simulator(() -> baseUrl);
  }

  /**
   * Finds (or starts, on first use) the simulated LLM; for a worker that starts it lazily. See
   * {@link #simulatorUrl}.
   */
  public DistilleryPluginBuilder simulator(OpenAiChatClients.SimulatorLocator simulator) {
    this.simulator = Objects.requireNonNull(simulator, "simulator");
    return this;
  }

  /**
   * How stages reach the model endpoints that recipes name. Default: OpenAI-compatible HTTP
   * clients, with the rate limits each recipe sets shared per endpoint across this plugin's
   * workers, and {@code simulated://} resolved as {@link #simulatorUrl} says. When set, {@link
   * #simulatorUrl} is not used.
   */
  public DistilleryPluginBuilder chatClients(ChatClients chatClients) {
    this.chatClients = Objects.requireNonNull(chatClients, "chatClients");
    return this;
  }

  /**
   * The variables stages read API keys from, by the names recipes give in {@code api_key_env}.
   * Default: the process environment.
   */
  public DistilleryPluginBuilder environment(Map<String, String> environment) {
    this.environment = Map.copyOf(environment);
    return this;
  }

  /**
   * The stage kinds this worker runs. Default: every built-in kind ({@link
   * StageRegistry#builtIn(Path)} with {@link #trainDir}). When set, {@link #trainDir} is not used.
   */
  public DistilleryPluginBuilder stages(StageRegistry stages) {
    this.stages = Objects.requireNonNull(stages, "stages");
    return this;
  }

  /**
   * Where {@code train} stages without {@code work_dir} keep their folders. Default: {@code
   * distillery-train} under the system's temporary folder.
   */
  public DistilleryPluginBuilder trainDir(Path trainDir) {
    this.trainDir = Objects.requireNonNull(trainDir, "trainDir");
    return this;
  }

  /**
   * Which of Distillery's task queues this plugin's workers poll. Default: all three ({@link
   * TaskQueues#ALL}); leave out {@link TaskQueues#GPU} on machines that should not train or serve
   * models. The names are fixed (see the class comment).
   *
   * @throws IllegalArgumentException for a name that is not one of {@link TaskQueues#ALL}, or none
   */
  public DistilleryPluginBuilder taskQueues(Collection<String> taskQueues) {
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
  public DistilleryPluginBuilder taskQueues(String... taskQueues) {
    return taskQueues(List.of(taskQueues));
  }

  /**
   * Stage activities (storage and CPU work) run at once by the {@link TaskQueues#DISTILL} worker; 0
   * for the SDK's default (200). Default: 4.
   */
  public DistilleryPluginBuilder maxActivities(int maxActivities) {
    this.maxActivities = notNegative(maxActivities, "maxActivities");
    return this;
  }

  /**
   * Shard activities (model calls) run at once by the {@link TaskQueues#LLM} worker; each keeps up
   * to its stage's {@code concurrency} requests in flight; 0 for the SDK's default (200). Default:
   * 4.
   */
  public DistilleryPluginBuilder maxShards(int maxShards) {
    this.maxShards = notNegative(maxShards, "maxShards");
    return this;
  }

  /**
   * The server-side limit on shard starts per second across every worker of the {@link
   * TaskQueues#LLM} queue (Temporal's {@code maxTaskQueueActivitiesPerSecond}). Default: 0, no
   * limit.
   */
  public DistilleryPluginBuilder shardsPerSecond(double shardsPerSecond) {
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
  public DistilleryPluginBuilder checkpointEvery(Duration checkpointEvery) {
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
  public DistilleryPluginBuilder stickyExecution(boolean stickyExecution) {
    this.stickyExecution = stickyExecution;
    return this;
  }

  /**
   * Whether the factory registers Distillery's search attributes in its namespace when it starts,
   * if the server lacks them. Default: true (best effort; a server that refuses gets one warning
   * line). Turn it off when {@code infra/register-search-attributes.sh} has run.
   */
  public DistilleryPluginBuilder registerSearchAttributes(boolean registerSearchAttributes) {
    this.registerSearchAttributes = registerSearchAttributes;
    return this;
  }

  /**
   * The Distillery version that manifests record as their producer. Default: this jar's version, or
   * {@code dev} when run from classes.
   */
  public DistilleryPluginBuilder distilleryVersion(String version) {
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
            + " DistilleryPluginBuilder.simulatorUrl, or point the recipe's base_url at a real"
            + " endpoint");
  }

  private static String defaultVersion() {
    String v = DistilleryPlugin.class.getPackage().getImplementationVersion();
    return v == null ? "dev" : v;
  }
}
