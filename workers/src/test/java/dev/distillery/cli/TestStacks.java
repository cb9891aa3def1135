package dev.distillery.cli;

import dev.distillery.config.DistillConfig;
import dev.distillery.llm.simulated.SimulatedLlmServer;
import dev.distillery.worker.Stack;
import dev.distillery.workflow.SweepResult;
import java.nio.file.Path;
import java.util.Map;

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

  /** Points {@code cli} at a running stack, as a user's shell would with settings. */
  static void connect(CliHarness cli, Stack stack) {
    cli.env.put("TEMPORAL_ADDRESS", stack.temporalAddress());
    cli.env.put("DISTILL_STORE", stack.storeLocation().toString());
    cli.env.put("AWS_ENDPOINT_URL_S3", stack.s3Endpoint().toString());
    cli.env.put("AWS_ACCESS_KEY_ID", dev.distillery.embedded.EmbeddedS3.ACCESS_KEY);
    cli.env.put("AWS_SECRET_ACCESS_KEY", dev.distillery.embedded.EmbeddedS3.SECRET_KEY);
    cli.env.put("AWS_REGION", dev.distillery.embedded.EmbeddedS3.REGION);
  }

  /** Starts a worker of 4 activities on {@code stack} and submits the sweep or recipe file. */
  static SweepClient submit(Stack stack, Path sweep) throws Exception {
    stack.startWorker(4);
    SweepClient sweeps = new SweepClient(stack.client(), stack.blobs());
    sweeps.submit(
        SweepFiles.plan(sweep),
        new dev.distillery.workflow.ExecutionSettings(30, 30),
        new java.io.PrintWriter(new java.io.StringWriter()));
    return sweeps;
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

  /**
   * Writes {@code DIR/FILE}: a recipe named {@code name} of three small stages (6 synthetic
   * questions, a simulated teacher, an export) that runs in seconds.
   */
  static Path smallTeacherRecipe(Path dir, String file, String name) throws java.io.IOException {
    return java.nio.file.Files.writeString(
        dir.resolve(file),
        """
        recipe: %s
        stages:
          - id: source
            kind: synthetic-arithmetic
            params: {count: 6, seed: 1}
          - id: teacher
            kind: teacher
            params: {base_url: "simulated://", model: simulated-teacher}
          - id: export
            kind: export
        """
            .formatted(name));
  }
}
