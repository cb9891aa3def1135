package dev.distillery.worker;

import dev.distillery.activity.LocalAndS3Files;
import dev.distillery.config.ConfigException;
import dev.distillery.config.DevStack;
import dev.distillery.config.DistillConfig;
import dev.distillery.config.StoreLocation;
import dev.distillery.embedded.EmbeddedDevServer;
import dev.distillery.embedded.EmbeddedS3;
import dev.distillery.embedded.EmbeddedS3Directory;
import dev.distillery.embedded.EmbeddedTemporal;
import dev.distillery.embedded.HomeLock;
import dev.distillery.llm.simulated.SimulatedLlmConfig;
import dev.distillery.llm.simulated.SimulatedLlmServer;
import dev.distillery.plugin.DistilleryPlugin;
import dev.distillery.plugin.SearchAttributeRegistrar;
import dev.distillery.store.ArtifactStore;
import dev.distillery.store.BlobStore;
import dev.distillery.store.S3BlobStore;
import dev.distillery.store.S3Clients;
import io.temporal.api.workflowservice.v1.GetSystemInfoRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import io.temporal.worker.WorkerFactory;
import io.temporal.worker.WorkerFactoryOptions;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The services one CLI command works with: a Temporal client, the artifact store and, when a recipe
 * asks for {@code simulated://}, the simulated LLM. Each is either embedded (started here, on
 * 127.0.0.1) or a real service named by the settings; nothing else differs.
 *
 * <p>It is long because each service is either started embedded or reached as a real one, and all
 * are closed in order, in one place.
 */
public final class Stack implements AutoCloseable {
  /** The embedded store's bucket. */
  public static final String EMBEDDED_BUCKET = "distillery";

  /** What a command may start. */
  public enum Mode {
    /** Start whatever is not configured (used by {@code run} and {@code dev}). */
    EMBEDDED,
    /** Connect to configured services or a running {@code distill dev}; start nothing. */
    CONNECT,
    /**
     * As {@link #CONNECT}, or to the stack of a {@code run} in progress on this home: for commands
     * that only read ({@code status}), since that stack goes away with its sweep.
     */
    OBSERVE,
    /**
     * Only the store: the configured one, a running {@code distill dev}'s, or the embedded one
     * served from disk by a server started here (used by {@code report}, which writes to it).
     */
    STORE_ONLY,
    /**
     * As {@link #STORE_ONLY}, for commands that only read: when the store is the embedded one and
     * no {@code dev} or {@code run} serves it, its folder is read directly ({@link
     * EmbeddedS3Directory}) instead of starting a server for it.
     */
    READ_STORE
  }

  private final DistillConfig config;
  private final List<AutoCloseable> closeables = new ArrayList<>();
  private String temporalAddress;
  private WorkflowServiceStubs service;
  private WorkflowClient client;
  private URI s3Endpoint;
  private StoreLocation storeLocation;
  private S3Client s3;
  private BlobStore blobs;
  private ArtifactStore store;
  private SimulatedLlmServer simulator;
  private boolean onDevStack;
  private HomeLock homeLock;
  private boolean publishOnTemporal;
  private int laterTemporalPort;
  private URI temporalUi;

  private Stack(DistillConfig config) {
    this.config = config;
  }

  /**
   * Opens the stack. In {@link Mode#EMBEDDED}, unset services start embedded, with Temporal and S3
   * on the given ports (0 = any free port).
   */
  public static Stack open(DistillConfig config, Mode mode, int temporalPort, int s3Port)
      throws ConfigException, IOException {
    DistillConfig effective = config;
    if ((mode == Mode.STORE_ONLY || mode == Mode.READ_STORE) && config.embeddedStore()) {
      effective = DevStack.findAnyRunning(config.home()).map(config::withDevStack).orElse(config);
    }
    if ((mode == Mode.CONNECT || mode == Mode.OBSERVE)
        && (config.embeddedTemporal() || config.embeddedStore())) {
      effective =
          (mode == Mode.OBSERVE
                  ? DevStack.findAnyRunning(config.home())
                  : DevStack.findRunning(config.home()))
              .map(config::withDevStack)
              .orElseThrow(
                  () ->
                      new ConfigException(
                          "No Temporal server or store is configured and no `distill dev` is"
                              + " running. Start `./distill dev` in another terminal, or set"
                              + " TEMPORAL_ADDRESS and DISTILL_STORE (see docs/settings.md)."));
    }
    Stack stack = new Stack(effective);
    try {
      if (mode != Mode.STORE_ONLY && mode != Mode.READ_STORE) {
        stack.startTemporal(temporalPort);
      }
      stack.startStore(s3Port, mode);
      return stack;
    } catch (IOException | ConfigException | RuntimeException e) {
      stack.close();
      throw e;
    }
  }

  /**
   * Opens the stack for a command that runs work in this process to its end ({@code run}, {@code
   * resume} without a {@code dev}) or serves other terminals ({@code dev}). Services that the
   * settings name are used as they are. Embedded ones run in one process per {@code DISTILL_HOME}
   * ({@link HomeLock}): when a {@code distill dev} runs for the home (and this is not {@code dev}
   * itself), its stack is used and the caller's worker joins it; when another process holds the
   * home, this one tells {@code notices} who, once, and waits for it to end, so that nothing is
   * computed twice (the stages it finishes are reused here). A {@code run}'s stack is recorded for
   * the home ({@link DevStack#RUN}) while it lasts, so that {@code status} can see its sweep live.
   *
   * @param holder what this process is, for the notices of others (e.g. {@code distill run x.yaml})
   * @param forDev whether this is {@code distill dev}, which records its stack itself once its
   *     worker is up
   */
  public static Stack openForWork(
      DistillConfig config,
      int temporalPort,
      int s3Port,
      String holder,
      boolean forDev,
      Consumer<String> notices)
      throws ConfigException, IOException, InterruptedException {
    return openForWork(config, temporalPort, s3Port, holder, forDev, false, notices);
  }

  /**
   * As {@link #openForWork(DistillConfig, int, int, String, boolean, Consumer)}; with {@code
   * temporalLater}, an embedded Temporal that this process would start is started only by {@link
   * #startTemporalForWork()} (and the stack recorded for the home then), so that a {@code run}
   * whose every stage is in the store finishes without it. {@link #hasTemporal()} tells which.
   */
  public static Stack openForWork(
      DistillConfig config,
      int temporalPort,
      int s3Port,
      String holder,
      boolean forDev,
      boolean temporalLater,
      Consumer<String> notices)
      throws ConfigException, IOException, InterruptedException {
    if (!config.embeddedTemporal() && !config.embeddedStore()) {
      return open(config, Mode.EMBEDDED, temporalPort, s3Port);
    }
    long waitedMillis = 0;
    boolean told = false;
    while (true) {
      Optional<DevStack> dev = DevStack.findRunning(config.home());
      if (dev.isPresent() && !forDev) {
        notices.accept(
            "Using the `distill dev` stack running for DISTILL_HOME "
                + config.home()
                + " (Temporal "
                + dev.get().temporalAddress()
                + ").");
        Stack stack = open(config.withDevStack(dev.get()), Mode.EMBEDDED, temporalPort, s3Port);
        stack.onDevStack = true;
        return stack;
      }
      Optional<HomeLock> lock = HomeLock.tryAcquire(config.home(), holder);
      if (lock.isPresent()) {
        Stack stack = new Stack(config);
        stack.homeLock = lock.get();
        stack.publishOnTemporal = !forDev;
        stack.laterTemporalPort = temporalPort;
        try {
          stack.startStore(s3Port, Mode.EMBEDDED);
          if (!(temporalLater && config.embeddedTemporal())) {
            stack.startTemporalForWork();
          }
        } catch (IOException | ConfigException | RuntimeException e) {
          stack.close();
          throw e;
        }
        return stack;
      }
      String other = HomeLock.holder(config.home());
      // Its holder writes its name just after taking the lock: give it a moment to be named.
      if (!told && (other != null || waitedMillis >= 2_000)) {
        notices.accept(
            "Waiting for "
                + (other == null ? "another process" : other)
                + " to end: it runs the embedded services of DISTILL_HOME "
                + config.home()
                + ", and one process per home keeps any stage from being computed twice (what it"
                + " finishes is reused here). Ctrl-C stops waiting; or set another DISTILL_HOME.");
        told = true;
      }
      Thread.sleep(250);
      waitedMillis += 250;
    }
  }

  /**
   * Whether {@link #openForWork} found a {@code distill dev} running and uses its stack, whose
   * worker does the work.
   */
  public boolean onDevStack() {
    return onDevStack;
  }

  /**
   * Starts Temporal on a stack that {@link #openForWork(DistillConfig, int, int, String, boolean,
   * boolean, Consumer)} opened without it (embedded unless configured) and, for a {@code run},
   * records the stack for the home; nothing when the stack has Temporal already.
   */
  public void startTemporalForWork() throws IOException, ConfigException {
    if (client != null) {
      return;
    }
    startTemporal(laterTemporalPort);
    if (publishOnTemporal) {
      publish(DevStack.RUN);
    }
  }

  /** Whether this stack has a Temporal client (see {@link #startTemporalForWork()}). */
  public boolean hasTemporal() {
    return client != null;
  }

  /** Records this stack for the home as {@code owner}'s, until it closes. */
  private void publish(String owner) throws IOException {
    new DevStack(temporalAddress, s3Endpoint, storeLocation, null, owner).write(config.home());
    closeables.add(0, () -> DevStack.delete(config.home()));
  }

  private void startTemporal(int port) throws IOException, ConfigException {
    if (config.embeddedTemporal() && config.temporalCli() != null) {
      EmbeddedDevServer temporal =
          EmbeddedDevServer.start(config.temporalCli(), config.home(), config.namespace(), port);
      closeables.add(temporal);
      temporalAddress = temporal.address();
      temporalUi = temporal.ui();
    } else if (config.embeddedTemporal()) {
      EmbeddedTemporal temporal = EmbeddedTemporal.start(port);
      closeables.add(temporal);
      temporalAddress = temporal.address();
    } else {
      temporalAddress = config.temporalAddress();
    }
    service =
        WorkflowServiceStubs.newServiceStubs(
            WorkflowServiceStubsOptions.newBuilder().setTarget(temporalAddress).build());
    closeables.add(0, service::shutdownNow);
    client =
        WorkflowClient.newInstance(
            service, WorkflowClientOptions.newBuilder().setNamespace(config.namespace()).build());
  }

  /**
   * Keys from the settings' environment when it names them (it is the process environment unless
   * the CLI was given another), else the SDK's default chain (profiles, SSO, instance roles).
   */
  private static AwsCredentialsProvider credentialsFrom(Map<String, String> env) {
    String id = env.get("AWS_ACCESS_KEY_ID");
    String secret = env.get("AWS_SECRET_ACCESS_KEY");
    if (id == null || secret == null) {
      return DefaultCredentialsProvider.builder().build();
    }
    String session = env.get("AWS_SESSION_TOKEN");
    return StaticCredentialsProvider.create(
        session == null
            ? AwsBasicCredentials.create(id, secret)
            : AwsSessionCredentials.create(id, secret, session));
  }

  private void startStore(int port, Mode mode) throws IOException {
    if (mode == Mode.READ_STORE && config.embeddedStore()) {
      storeLocation = new StoreLocation(EMBEDDED_BUCKET, "");
      blobs = new EmbeddedS3Directory(config.home().resolve("s3"), EMBEDDED_BUCKET);
      store = new ArtifactStore(blobs);
      return;
    }
    AwsCredentialsProvider credentials;
    if (config.embeddedStore()) {
      EmbeddedS3 embedded = EmbeddedS3.startOnDisk(config.home().resolve("s3"), port);
      closeables.add(embedded);
      s3Endpoint = embedded.endpoint();
      credentials = embedded.credentials();
      storeLocation = new StoreLocation(EMBEDDED_BUCKET, "");
    } else {
      s3Endpoint = config.s3Endpoint();
      storeLocation = config.store();
      credentials =
          isDevStack(s3Endpoint)
              ? EmbeddedS3.localCredentials()
              : credentialsFrom(config.environment());
    }
    s3 = S3Clients.create(s3Endpoint, config.region(), credentials);
    closeables.add(0, s3);
    if (config.embeddedStore()) {
      S3Clients.ensureBucket(s3, storeLocation.bucket());
    }
    blobs = new S3BlobStore(s3, storeLocation.bucket(), storeLocation.prefix());
    store = new ArtifactStore(blobs);
  }

  /** Whether {@code endpoint} is the embedded S3 of a stack running for this home (dev or run). */
  private boolean isDevStack(URI endpoint) {
    return DevStack.findAnyRunning(config.home())
        .map(dev -> dev.s3Endpoint().equals(endpoint))
        .orElse(false);
  }

  /** The simulated LLM: the configured one, or one started here on first use. */
  public synchronized URI simulatorUrl() throws IOException {
    if (config.simulatorUrl() != null) {
      return config.simulatorUrl();
    }
    return simulator == null ? startSimulator(0) : simulator.baseUrl();
  }

  /** Starts the simulated LLM on a fixed port (0 = any) and returns its base URL. */
  public synchronized URI startSimulator(int port) throws IOException {
    simulator =
        SimulatedLlmServer.start(
            SimulatedLlmConfig.builder()
                .latency(java.time.Duration.ofMillis(50))
                .port(port)
                .build());
    closeables.add(0, simulator);
    return simulator.baseUrl();
  }

  /** Starts a worker in this process for both of Distillery's task queues. */
  public WorkerFactory startWorker(int maxConcurrentActivities) {
    return startWorker(WorkerSettings.of(maxConcurrentActivities));
  }

  /**
   * Starts a worker in this process: a worker factory with the {@link DistilleryPlugin}, as a
   * team's own worker would have, for the queues and limits in {@code settings}. The plugin first
   * registers Distillery's search attributes if the server lacks them (best effort: see {@link
   * SearchAttributeRegistrar}).
   */
  public WorkerFactory startWorker(WorkerSettings settings) {
    DistilleryPlugin plugin =
        DistilleryPlugin.newBuilder()
            .store(store, new LocalAndS3Files(s3, Files::newInputStream))
            .simulator(this::simulatorUrl)
            .environment(config.environment())
            .trainDir(config.home().resolve("train"))
            .checkpointEvery(config.checkpointEvery())
            .taskQueues(settings.taskQueues())
            .maxActivities(settings.maxActivities())
            .maxShards(settings.maxShards())
            .shardsPerSecond(settings.shardsPerSecond())
            .stickyExecution(!isTestServer())
            .distilleryVersion(Version.get())
            .build();
    WorkerFactory factory =
        WorkerFactory.newInstance(
            client, WorkerFactoryOptions.newBuilder().setPlugins(plugin).build());
    factory.start();
    closeables.add(
        0,
        () -> {
          factory.shutdown();
          factory.awaitTermination(10, java.util.concurrent.TimeUnit.SECONDS);
        });
    return factory;
  }

  /** The Java test server reports no server version; real servers do. */
  private boolean isTestServer() {
    return service
        .blockingStub()
        .getSystemInfo(GetSystemInfoRequest.getDefaultInstance())
        .getServerVersion()
        .isEmpty();
  }

  public WorkflowClient client() {
    return client;
  }

  public ArtifactStore store() {
    return store;
  }

  public BlobStore blobs() {
    return blobs;
  }

  public String temporalAddress() {
    return temporalAddress;
  }

  /** The Temporal Web UI this stack started (the Temporal CLI's dev server), if any. */
  public Optional<URI> temporalUi() {
    return Optional.ofNullable(temporalUi);
  }

  /**
   * The S3 endpoint; null when the store is read straight from its folder ({@link
   * Mode#READ_STORE}).
   */
  public URI s3Endpoint() {
    return s3Endpoint;
  }

  public StoreLocation storeLocation() {
    return storeLocation;
  }

  public DistillConfig config() {
    return config;
  }

  /** Checks that Temporal answers; a clear error when it does not. */
  public void checkTemporal() throws ConfigException {
    try {
      service.healthCheck();
    } catch (RuntimeException e) {
      throw new ConfigException(
          "Temporal at "
              + temporalAddress
              + " does not answer ("
              + e.getMessage()
              + "). Check"
              + " TEMPORAL_ADDRESS, or start `./distill dev`.");
    }
  }

  @Override
  public void close() {
    for (AutoCloseable c : closeables) {
      try {
        c.close();
      } catch (Exception e) {
        // Closing is best effort; the process is ending.
      }
    }
    closeables.clear();
    if (homeLock != null) {
      try {
        homeLock.close(); // Last: the next holder finds every service of this one stopped.
      } catch (IOException e) {
        // The operating system releases it when the process ends.
      }
      homeLock = null;
    }
  }
}
