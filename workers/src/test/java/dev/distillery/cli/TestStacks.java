package dev.distillery.cli;

import dev.distillery.config.DistillConfig;
import dev.distillery.llm.simulated.SimulatedLlmConfig;
import dev.distillery.llm.simulated.SimulatedLlmServer;
import dev.distillery.plan.SweepPlan;
import dev.distillery.worker.Stack;
import dev.distillery.workflow.ExecutionSettings;
import dev.distillery.workflow.SweepResult;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/** Embedded stacks for end-to-end tests, with a simulator the test configured itself. */
final class TestStacks {
  private TestStacks() {}

  /** An embedded stack on {@code home} whose {@code simulated://} endpoints are {@code llm}. */
  static Stack embedded(Path home, SimulatedLlmServer llm) throws Exception {
    return embedded(home, llm, Map.of());
  }

  /** An embedded stack whose workers also see {@code env} (for example API key variables). */
  static Stack embedded(Path home, SimulatedLlmServer llm, Map<String, String> env)
      throws Exception {
    Map<String, String> all = new java.util.HashMap<>(env);
    all.put("DISTILL_HOME", home.toString());
    all.put("DISTILL_SIMULATOR_URL", llm.baseUrl().toString());
    return Stack.open(DistillConfig.fromEnvironment(all), Stack.Mode.EMBEDDED, 0, 0);
  }

  /** A simulator that answers every request after {@code latencyMillis}. */
  static SimulatedLlmServer simulator(long latencyMillis) throws Exception {
    return SimulatedLlmServer.start(
        SimulatedLlmConfig.builder().latency(Duration.ofMillis(latencyMillis)).build());
  }

  /**
   * A stack of {@code mode} on {@code home} with no other settings: no simulator, so in embedded
   * mode it runs no stage itself (workers in JVMs of their own, or none, do).
   */
  static Stack open(Path home, Stack.Mode mode) throws Exception {
    return Stack.open(
        DistillConfig.fromEnvironment(Map.of("DISTILL_HOME", home.toString())), mode, 0, 0);
  }

  /** Points {@code cli} at a running stack, as a user's shell would with settings; returns it. */
  static CliHarness connect(CliHarness cli, Stack stack) {
    cli.env.put("TEMPORAL_ADDRESS", stack.temporalAddress());
    cli.env.put("DISTILL_STORE", stack.storeLocation().toString());
    cli.env.put("AWS_ENDPOINT_URL_S3", stack.s3Endpoint().toString());
    cli.env.put("AWS_ACCESS_KEY_ID", dev.distillery.embedded.EmbeddedS3.ACCESS_KEY);
    cli.env.put("AWS_SECRET_ACCESS_KEY", dev.distillery.embedded.EmbeddedS3.SECRET_KEY);
    cli.env.put("AWS_REGION", dev.distillery.embedded.EmbeddedS3.REGION);
    return cli;
  }

  /** Starts a worker of 4 activities on {@code stack} and submits the sweep or recipe file. */
  static SweepClient submit(Stack stack, Path sweep) throws Exception {
    stack.startWorker(4);
    return submit(stack, SweepFiles.plan(sweep), new ExecutionSettings(30, 30));
  }

  /**
   * Submits {@code plan} to {@code stack}'s Temporal with {@code settings}, starting no worker (the
   * caller starts the workers it wants), and returns the client to follow it with.
   */
  static SweepClient submit(Stack stack, SweepPlan plan, ExecutionSettings settings)
      throws Exception {
    SweepClient sweeps = new SweepClient(stack.client(), stack.blobs());
    sweeps.submit(plan, settings, new PrintWriter(new StringWriter()));
    return sweeps;
  }

  /**
   * The result of {@code sweep}, failing with {@code diagnostics} if it is not there within {@code
   * timeout}.
   */
  static SweepResult awaitWithin(
      SweepClient sweeps, String sweep, Duration timeout, Supplier<String> diagnostics)
      throws Exception {
    try {
      return CompletableFuture.supplyAsync(() -> await(sweeps, sweep))
          .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      throw new AssertionError(
          "sweep '" + sweep + "' did not finish in " + timeout + ":\n" + diagnostics.get(), e);
    }
  }

  /** Waits for a sweep's result, for use in {@code CompletableFuture.supplyAsync}. */
  static SweepResult await(SweepClient sweeps, String sweep) {
    try {
      return sweeps.await(sweep, null);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (UserException e) {
      throw new IllegalStateException(e);
    }
  }
}
