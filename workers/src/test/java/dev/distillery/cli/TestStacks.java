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
    return Stack.open(
        DistillConfig.fromEnvironment(
            Map.of(
                "DISTILL_HOME", home.toString(),
                "DISTILL_SIMULATOR_URL", llm.baseUrl().toString())),
        Stack.Mode.EMBEDDED,
        0,
        0);
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
    }
  }
}
