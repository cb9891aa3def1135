package dev.distillery.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code distill dev} in its own JVM, and {@code submit}, {@code status} and {@code artifacts} from
 * "another terminal" (this JVM) with no settings but the shared {@code DISTILL_HOME}.
 */
class DevCommandTest {
  @TempDir Path home;

  @Test
  void otherCommandsFindARunningDevStack() throws Exception {
    Path log = home.resolve("dev.log");
    Process dev = DistillProcess.startDev(home, Map.of(), log);
    try {
      assertTrue(Files.readString(log).contains("Simulated LLM"), Files.readString(log));

      CliHarness cli = new CliHarness(home);
      assertEquals(
          ExitCodes.OK,
          cli.run("submit", CliHarness.repo("recipes/demo/sweep.yaml"), "--wait"),
          cli.out + cli.err);
      assertTrue(cli.out.contains("keep-0.5_n-2"), cli.out);

      assertEquals(ExitCodes.OK, cli.run("status", "demo"), cli.err);
      assertEquals(4, cli.out.lines().filter(l -> l.contains("succeeded")).count(), cli.out);

      assertEquals(ExitCodes.OK, cli.run("ls"), cli.err);
      assertTrue(
          cli.out.lines().anyMatch(l -> l.matches("demo +demo-arithmetic +4 +completed")), cli.out);

      assertEquals(ExitCodes.OK, cli.run("status", "demo", "--json"), cli.err);
      assertTrue(cli.out.contains("\"state\" : \"SUCCEEDED\""), cli.out);

      assertEquals(ExitCodes.OK, cli.run("resume", "demo", "--wait"), cli.err);
      assertTrue(cli.out.contains("reused"), cli.out);
      assertFalse(cli.out.contains("computed"), "resume recomputes nothing: " + cli.out);

      assertEquals(ExitCodes.OK, cli.run("artifacts", "ls"), cli.err);
      assertEquals(21, cli.out.lines().count(), "a header and 20 stages: " + cli.out);

      assertEquals(ExitCodes.UNAVAILABLE, cli.run("status", "no-such-sweep"));
      assertTrue(cli.err.contains("knows no sweep 'no-such-sweep'"), cli.err);
    } finally {
      dev.destroy();
      dev.waitFor(30, TimeUnit.SECONDS);
      dev.destroyForcibly();
    }
    assertFalse(Files.exists(home.resolve("dev-stack.properties")), "dev removes its file on exit");
  }

  @Test
  void withoutSettingsOrDevCommandsThatNeedServicesSaySo() {
    CliHarness cli = new CliHarness(home);
    assertEquals(ExitCodes.INVALID_INPUT, cli.run("status", "demo"));
    assertTrue(cli.err.contains("no `distill dev` is running"), cli.err);
    assertFalse(cli.err.contains("\tat "), cli.err);
  }

  @Test
  void aBusyPortIsNamedWithTheOptionToChange() throws Exception {
    try (ServerSocket busy = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      int port = busy.getLocalPort();
      CliHarness cli = new CliHarness(home);

      int code =
          assertTimeoutPreemptively(
              Duration.ofSeconds(60),
              () ->
                  cli.run(
                      "dev",
                      "--temporal-port",
                      "0",
                      "--s3-port",
                      String.valueOf(port),
                      "--llm-port",
                      "0"));
      assertEquals(ExitCodes.INVALID_INPUT, code, cli.out + cli.err);
      assertTrue(cli.err.contains("port " + port + " on 127.0.0.1 (--s3-port) is in use"), cli.err);
      assertFalse(cli.err.contains("\tat ") || cli.err.contains("looks like a bug"), cli.err);
      assertFalse(Files.exists(home.resolve("dev-stack.properties")), "no stack announced");
    }
  }
}
