package dev.distillery.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.distillery.plan.SweepPlan;
import dev.distillery.worker.Stack;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
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

  /** A port nothing listens on (taken from the OS, then released). */
  private static int closedPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"status", "results", "report", "budget", "resume", "cancel", "control"})
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
    try (Stack stack = TestStacks.open(home, Stack.Mode.STORE_ONLY)) {
      stack.blobs().put(SweepClient.planKey("other"), SweepClient.JSON.writeValueAsBytes(plan));
    }
    CliHarness cli = new CliHarness(home);

    assertEquals(ExitCodes.INVALID_INPUT, cli.run("status", "../sweeps/other"), cli.out);
    assertFalse(cli.out.contains("other"), "read nothing: " + cli.out);
    assertTrue(cli.err.contains("is not a sweep name"), cli.err);
  }

  @Test
  void anUnknownCommandIsNamedEvenWithHelp() {
    CliHarness cli = new CliHarness(home);

    assertEquals(ExitCodes.INVALID_INPUT, cli.run("nosuch", "--help"));
    assertTrue(cli.err.contains("has no command 'nosuch'"), cli.err);
    assertFalse(cli.out.contains("Usage:"), "no root usage as if all were well: " + cli.out);

    assertEquals(ExitCodes.INVALID_INPUT, cli.run("artifacts", "lss"));
    assertTrue(cli.err.contains("`distill artifacts` has no command 'lss'"), cli.err);
    assertTrue(cli.err.contains("Did you mean: artifacts ls"), cli.err);
  }

  @Test
  void anUnreachableStoreExitsThree() throws IOException {
    CliHarness cli = new CliHarness(home);
    cli.env.put("DISTILL_STORE", "s3://distillery/");
    cli.env.put("AWS_ENDPOINT_URL_S3", "http://127.0.0.1:" + closedPort());
    cli.env.put("AWS_ACCESS_KEY_ID", "id");
    cli.env.put("AWS_SECRET_ACCESS_KEY", "secret");
    cli.env.put("AWS_REGION", "us-east-1");

    assertEquals(ExitCodes.UNAVAILABLE, cli.run("artifacts", "ls"), cli.err);
    assertTrue(cli.err.contains("cannot reach S3 at http://127.0.0.1:"), cli.err);
    assertTrue(cli.err.contains("AWS_ENDPOINT_URL_S3"), "the fix: " + cli.err);
    assertFalse(cli.out.contains("KIND"), "no table started: " + cli.out);
    assertNoTrace(cli);
  }

  @Test
  void anUnreachableTemporalExitsThree() throws IOException {
    CliHarness cli = new CliHarness(home);
    cli.env.put("TEMPORAL_ADDRESS", "127.0.0.1:" + closedPort());
    cli.env.put("DISTILL_STORE", "s3://distillery/");
    cli.env.put("AWS_ENDPOINT_URL_S3", "http://127.0.0.1:" + closedPort());
    cli.env.put("AWS_REGION", "us-east-1");

    assertEquals(ExitCodes.UNAVAILABLE, cli.run("cancel", "demo"), cli.err);
    assertTrue(cli.err.contains("does not answer"), cli.err);
    assertTrue(cli.err.contains("TEMPORAL_ADDRESS"), "the fix: " + cli.err);
    assertNoTrace(cli);
  }

  /** Temporal going away during a command (a poll, a query) is the same exit 3, not a bug. */
  @Test
  void aTemporalThatStopsAnsweringMidCommandExitsThree() {
    Exception e =
        new RuntimeException(
            "query failed",
            new StatusRuntimeException(Status.UNAVAILABLE.withDescription("io exception")));

    assertEquals(ExitCodes.UNAVAILABLE, UserErrors.exitCode(e));
    assertTrue(UserErrors.message(e).contains("Temporal stopped answering"), UserErrors.message(e));
    assertFalse(UserErrors.message(e).contains("looks like a bug"), UserErrors.message(e));
  }

  /**
   * Stage kinds on the class path that do not make one catalogue (a kind's jar twice, a spec
   * without implementation) stop a command with the kinds named, exit 2, not as a bug.
   */
  @Test
  void kindsThatDoNotMakeOneCatalogueExitTwoNamingThem() {
    Exception e =
        new RuntimeException(
            "worker start failed",
            new dev.distillery.recipe.KindCatalogueException(
                "two stage kinds are named 'mix': a.MixKind and b.MixKind."));

    assertEquals(ExitCodes.INVALID_INPUT, UserErrors.exitCode(e));
    assertEquals(
        "error: two stage kinds are named 'mix': a.MixKind and b.MixKind.", UserErrors.message(e));
  }
}
