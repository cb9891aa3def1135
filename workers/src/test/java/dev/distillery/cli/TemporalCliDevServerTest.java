package dev.distillery.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.distillery.config.DistillConfig;
import dev.distillery.embedded.FakeTemporalCli;
import dev.distillery.embedded.FakeTemporalCliServer;
import dev.distillery.llm.simulated.SimulatedLlmConfig;
import dev.distillery.llm.simulated.SimulatedLlmServer;
import dev.distillery.worker.Stack;
import dev.distillery.workflow.DistillSearchAttributes;
import dev.distillery.workflow.SweepResult;
import dev.distillery.workflow.WorkflowIds;
import io.temporal.client.WorkflowStub;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * With a Temporal CLI, the embedded Temporal is its dev server, started by the SDK's {@code
 * TemporalDevServer}. The CLI here is {@link FakeTemporalCli}, a script that takes the arguments
 * the real CLI takes and serves the Java test server: everything but the CLI itself is real.
 */
class TemporalCliDevServerTest {
  private static final Pattern UI_LINE =
      Pattern.compile("Temporal UI http://127\\.0\\.0\\.1:(\\d+)");
  private static final Pattern TEMPORAL_LINE =
      Pattern.compile("Temporal 127\\.0\\.0\\.1:(\\d+) \\(embedded\\)");

  @TempDir Path home;
  @TempDir Path bin;

  @Test
  void runUsesTheCliOnPathWithTheUiPersistenceAndSearchAttributes() throws Exception {
    FakeTemporalCli cli = FakeTemporalCli.install(bin);
    CliHarness distill = new CliHarness(home);
    distill.env.put("PATH", bin.toString());

    assertEquals(ExitCodes.OK, distill.run("run", recipe().toString()), distill.err);

    Matcher ui = UI_LINE.matcher(distill.out);
    assertTrue(ui.find(), distill.out);
    Matcher temporal = TEMPORAL_LINE.matcher(distill.out);
    assertTrue(temporal.find(), distill.out);
    List<String> args = cli.lastArguments();
    assertEquals(List.of("server", "start-dev"), args.subList(0, 2), args.toString());
    assertEquals(temporal.group(1), after(args, "--port"));
    assertEquals("127.0.0.1", after(args, "--ip"));
    assertEquals(ui.group(1), after(args, "--ui-port"));
    assertEquals("default", after(args, "--namespace"));
    assertEquals(
        home.resolve("temporal").resolve("dev-server.db").toString(), after(args, "--db-filename"));
    assertFalse(args.contains("--headless"), args.toString());
    assertTrue(args.contains("DistillSweep=Keyword"), args.toString());
    assertTrue(args.contains("DistillAxis=KeywordList"), args.toString());
    for (var key : DistillSearchAttributes.ALL) {
      int at = args.indexOf("--search-attribute") >= 0 ? indexOfPrefix(args, key.getName()) : -1;
      assertTrue(
          at > 0 && args.get(at - 1).equals("--search-attribute"),
          key.getName() + " missing from " + args);
    }
    assertTrue(distill.out.contains("1 of 1 experiment succeeded"), distill.out);
    assertFalse(answers(Integer.parseInt(temporal.group(1))), "the CLI's server outlived the run");
  }

  @Test
  void aSweepRunsOnTheDevServerWhileItsUiAnswers() throws Exception {
    FakeTemporalCli cli = FakeTemporalCli.install(bin);
    try (SimulatedLlmServer llm =
            SimulatedLlmServer.start(SimulatedLlmConfig.builder().latency(Duration.ZERO).build());
        Stack stack =
            Stack.open(
                DistillConfig.fromEnvironment(
                    Map.of(
                        "DISTILL_HOME", home.toString(),
                        "DISTILL_SIMULATOR_URL", llm.baseUrl().toString(),
                        "DISTILL_TEMPORAL_CLI", cli.executable().toString())),
                Stack.Mode.EMBEDDED,
                0,
                0)) {
      URI ui = stack.temporalUi().orElseThrow();
      HttpResponse<String> page =
          HttpClient.newHttpClient()
              .send(HttpRequest.newBuilder(ui).build(), HttpResponse.BodyHandlers.ofString());
      assertEquals(FakeTemporalCliServer.UI_PAGE, page.body());

      SweepClient sweeps = TestStacks.submit(stack, recipe());
      SweepResult result = TestStacks.await(sweeps, "one");
      assertEquals(0, result.failed(), result.toString());
      WorkflowStub experiment =
          stack.client().newUntypedWorkflowStub(WorkflowIds.experiment("one", "base"));
      assertEquals(
          "one",
          experiment.describe().getTypedSearchAttributes().get(DistillSearchAttributes.SWEEP));
    }
  }

  @Test
  void devServesTheUiAndTheCliEndsWithIt() throws Exception {
    FakeTemporalCli cli = FakeTemporalCli.install(bin);
    Path log = home.resolve("dev.log");
    Process dev =
        DistillProcess.startDev(
            home, Map.of("DISTILL_TEMPORAL_CLI", cli.executable().toString()), log);
    int temporalPort;
    try {
      Matcher ui =
          Pattern.compile("Temporal UI +(http://127\\.0\\.0\\.1:\\d+)")
              .matcher(Files.readString(log));
      assertTrue(ui.find(), Files.readString(log));
      HttpResponse<String> page =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create(ui.group(1))).build(),
                  HttpResponse.BodyHandlers.ofString());
      assertEquals(FakeTemporalCliServer.UI_PAGE, page.body());
      temporalPort = Integer.parseInt(after(cli.lastArguments(), "--port"));
      assertTrue(answers(temporalPort));
    } finally {
      dev.destroy(); // SIGTERM, as a terminal's kill would send to `distill dev` alone.
      dev.waitFor(30, java.util.concurrent.TimeUnit.SECONDS);
      dev.destroyForcibly();
    }
    long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
    while (answers(temporalPort) && System.nanoTime() < deadline) {
      Thread.sleep(200);
    }
    assertFalse(answers(temporalPort), "the CLI's server outlived `distill dev`");
  }

  @Test
  void theTestServerSettingKeepsTheInProcessServer() throws Exception {
    FakeTemporalCli cli = FakeTemporalCli.install(bin);
    CliHarness distill = new CliHarness(home);
    distill.env.put("PATH", bin.toString());
    distill.env.put("DISTILL_TEMPORAL_CLI", "test-server");

    assertEquals(ExitCodes.OK, distill.run("run", recipe().toString()), distill.err);

    assertTrue(TEMPORAL_LINE.matcher(distill.out).find(), distill.out);
    assertFalse(distill.out.contains("Temporal UI"), distill.out);
    assertEquals(List.of(), cli.lastArguments());
  }

  @Test
  void aCliThatDoesNotStartIsNamedWithItsLogAndTheWayOut() throws Exception {
    Path broken = FakeTemporalCli.broken(bin, "temporal: unknown flag --ui-port");
    CliHarness distill = new CliHarness(home);
    distill.env.put("DISTILL_TEMPORAL_CLI", broken.toString());

    assertEquals(ExitCodes.INVALID_INPUT, distill.run("run", recipe().toString()), distill.out);

    assertTrue(distill.err.contains("did not start a dev server"), distill.err);
    assertTrue(
        distill.err.contains(home.resolve("temporal/dev-server.log").toString()), distill.err);
    assertTrue(distill.err.contains("DISTILL_TEMPORAL_CLI=test-server"), distill.err);
    assertFalse(distill.err.contains("\tat "), distill.err);
    assertTrue(Files.readString(home.resolve("temporal/dev-server.log")).contains("unknown flag"));

    distill.env.put("DISTILL_TEMPORAL_CLI", bin.resolve("nosuch").toString());
    assertEquals(ExitCodes.INVALID_INPUT, distill.run("run", recipe().toString()));
    assertTrue(
        distill.err.contains("DISTILL_TEMPORAL_CLI='" + bin.resolve("nosuch") + "' is not an"),
        distill.err);
  }

  private Path recipe() throws IOException {
    return TestRecipes.smallTeacherRecipe(home, "one.yaml", "one");
  }

  private static String after(List<String> args, String option) {
    int i = args.indexOf(option);
    return i < 0 || i + 1 >= args.size() ? null : args.get(i + 1);
  }

  private static int indexOfPrefix(List<String> args, String name) {
    for (int i = 0; i < args.size(); i++) {
      if (args.get(i).startsWith(name + "=")) {
        return i;
      }
    }
    return -1;
  }

  private static boolean answers(int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
