package dev.distillery.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.distillery.config.DistillConfig;
import dev.distillery.config.TemporalCli;
import dev.distillery.worker.Stack;
import dev.distillery.workflow.WorkflowIds;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dev-server mode against a real Temporal CLI ({@code temporal} on {@code PATH}, or {@code
 * DISTILL_TEMPORAL_CLI}). Skipped, saying so, where none is installed; {@link
 * TemporalCliDevServerTest} covers the wiring with a stand-in everywhere.
 */
class RealTemporalCliTest {
  @TempDir Path home;
  private Path cli;

  @BeforeEach
  void needsTheCli() throws Exception {
    cli = TemporalCli.locate(System.getenv());
    assumeTrue(
        cli != null,
        "Skipped: no Temporal CLI here (`temporal` on PATH or DISTILL_TEMPORAL_CLI). Install it"
            + " to test `distill run` and `dev` against the real dev server and Web UI;"
            + " TemporalCliDevServerTest covers the wiring with FakeTemporalCli meanwhile.");
  }

  @Test
  void runShowsTheUiAndTheServerRemembersTheSweepAfterARestart() throws Exception {
    Path recipe = home.resolve("one.yaml");
    Files.writeString(
        recipe,
        """
        recipe: one
        stages:
          - id: source
            kind: synthetic-arithmetic
            params: {count: 6, seed: 1}
          - id: export
            kind: export
        """);
    CliHarness distill = new CliHarness(home);
    distill.env.put("DISTILL_TEMPORAL_CLI", cli.toString());
    assertEquals(ExitCodes.OK, distill.run("run", recipe.toString()), distill.err);
    assertTrue(distill.out.contains("Temporal UI http://127.0.0.1:"), distill.out);

    Map<String, String> env = new HashMap<>(distill.env);
    try (Stack stack = Stack.open(DistillConfig.fromEnvironment(env), Stack.Mode.EMBEDDED, 0, 0)) {
      // A new server process on the same SQLite file: the sweep's history is still there.
      assertTrue(stack.client().fetchHistory(WorkflowIds.sweep("one")).getEvents().size() > 3);
      long listed = stack.client().listExecutions("DistillSweep = 'one'").count();
      assertTrue(listed >= 3, "sweep, experiment and stages listed: " + listed);
      HttpResponse<String> ui =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(stack.temporalUi().orElseThrow()).build(),
                  HttpResponse.BodyHandlers.ofString());
      assertEquals(200, ui.statusCode());
    }
  }
}
