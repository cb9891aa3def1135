package dev.distillery.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.distillery.config.DistillConfig;
import dev.distillery.plan.SweepPlan;
import dev.distillery.worker.Stack;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * User errors on the command line end with one paragraph and the documented exit code: names are
 * checked before any service is asked, unknown commands are named, and unreachable services exit 3.
 */
class CommandLineErrorsTest {
  @TempDir Path home;

  private static void assertNoTrace(CliHarness cli) {
    assertFalse(cli.err.contains("\tat "), "no stack trace: " + cli.err);
    assertFalse(cli.err.contains("looks like a bug"), cli.err);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"status", "results", "budget", "resume", "cancel", "control"})
  void aSweepArgumentThatIsAPathIsRefused(String command) {
    CliHarness cli = new CliHarness(home);

    assertEquals(ExitCodes.INVALID_INPUT, cli.run(command, "../sweeps/other"), cli.out);
    assertTrue(cli.err.contains("'../sweeps/other' is not a sweep name"), cli.err);
    assertTrue(cli.err.contains("letters, digits"), "the rule is given: " + cli.err);
    assertNoTrace(cli);
  }

  /** The store holds sweep 'other'; a name that climbs out of its own folder does not reach it. */
  @Test
  void statusDoesNotReadAnotherSweepThroughAPath() throws Exception {
    Files.writeString(
        home.resolve("other.yaml"),
        """
        recipe: other
        stages:
          - id: source
            kind: synthetic-arithmetic
            params: {count: 5}
        """);
    SweepPlan plan = SweepFiles.plan(home.resolve("other.yaml"));
    try (Stack stack =
        Stack.open(
            DistillConfig.fromEnvironment(Map.of("DISTILL_HOME", home.toString())),
            Stack.Mode.STORE_ONLY,
            0,
            0)) {
      stack.blobs().put(SweepClient.planKey("other"), SweepClient.JSON.writeValueAsBytes(plan));
    }
    CliHarness cli = new CliHarness(home);

    assertEquals(ExitCodes.INVALID_INPUT, cli.run("status", "../sweeps/other"), cli.out);
    assertFalse(cli.out.contains("other"), "read nothing: " + cli.out);
    assertTrue(cli.err.contains("is not a sweep name"), cli.err);
  }
}
