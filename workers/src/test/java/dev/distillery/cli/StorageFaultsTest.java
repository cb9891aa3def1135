package dev.distillery.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.distillery.embedded.EmbeddedS3;
import dev.distillery.store.S3Clients;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.gaul.s3proxy.BlobStores;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * Storage faults no retry fixes end a run within seconds, in one paragraph naming the object and
 * the fix, with no stack trace; the inspecting commands report a corrupt manifest as corrupt.
 */
class StorageFaultsTest {
  private static final String RECIPE =
      """
      recipe: faults
      stages:
        - id: source
          kind: synthetic-arithmetic
          params: {count: 20, seed: 3}
        - id: dedup
          kind: dedup
      """;

  @TempDir Path home;

  @Test
  void aTruncatedManifestFailsItsStageAtOnceAndReadsAsCorruptEverywhere() throws Exception {
    Path recipe = home.resolve("faults.yaml");
    Files.writeString(recipe, RECIPE);
    CliHarness cli = new CliHarness(home);
    assertEquals(ExitCodes.OK, cli.run("run", recipe.toString()), cli.out + cli.err);
    Path manifest = manifestOf(home.resolve("s3"), "synthetic-arithmetic");
    byte[] bytes = Files.readAllBytes(manifest);
    Files.write(manifest, java.util.Arrays.copyOf(bytes, bytes.length / 2));
    String object = home.resolve("s3").relativize(manifest).toString();

    int code = assertTimeoutPreemptively(Duration.ofSeconds(60), () -> cli.run("run", "" + recipe));
    assertEquals(ExitCodes.FAILED, code, cli.out + cli.err);
    assertTrue(cli.out.contains("stage 'source' (synthetic-arithmetic) failed"), cli.out);
    assertTrue(cli.out.contains("s3://" + object + " is corrupt"), cli.out);
    assertTrue(cli.out.contains("Delete that object"), cli.out);
    assertFalse((cli.out + cli.err).contains("\tat "), "no stack trace");

    cli.run("status", "faults");
    assertTrue(
        cli.out.contains("base: stage 'source' (synthetic-arithmetic) failed: s3://"), cli.out);
    assertTrue(cli.out.contains("s3://" + object + " is corrupt"), cli.out);

    assertEquals(ExitCodes.FAILED, cli.run("artifacts", "verify"), cli.out + cli.err);
    assertTrue(cli.out.contains("2 stages checked, 1 corrupt"), cli.out);
    assertTrue(cli.out.contains("s3://" + object + " is corrupt"), cli.out);

    assertEquals(ExitCodes.OK, cli.run("artifacts", "ls"), cli.out + cli.err);
    assertTrue(
        cli.out
            .lines()
            .anyMatch(l -> l.startsWith("synthetic-arithmetic") && l.endsWith("CORRUPT")),
        cli.out);
    assertTrue(cli.out.lines().anyMatch(l -> l.startsWith("dedup") && !l.contains("CORRUPT")));

    assertEquals(ExitCodes.OK, cli.run("plan", recipe.toString()), cli.out + cli.err);
    assertTrue(cli.out.lines().anyMatch(l -> l.contains("source") && l.endsWith("CORRUPT")));
    assertTrue(cli.out.contains("1 of 2 unique stages are in the store"), cli.out);
    assertTrue(cli.out.contains("s3://" + object + " is corrupt"), cli.out);

    Files.delete(manifest);
    assertEquals(ExitCodes.OK, cli.run("run", recipe.toString()), "deleting it is the fix");
  }

  /**
   * A `distill run` of its own (the shipped logging) against an S3 server whose disk is full but
   * for the saved plan: the first stage fails at once, as does its experiment's record, and the
   * process ends saying so, without a stack trace from it or from the S3 server.
   */
  @Test
  void aFullDiskEndsTheRunWithOneParagraphAndNoStackTrace() throws Exception {
    Path recipe = home.resolve("faults.yaml");
    Files.writeString(recipe, RECIPE);
    Logger serverLog = (Logger) LoggerFactory.getLogger("org.gaul");
    ListAppender<ILoggingEvent> serverLogged = new ListAppender<>();
    serverLogged.start();
    serverLog.addAppender(serverLogged);
    try (EmbeddedS3 s3 =
        EmbeddedS3.startOver(
            new FakeFullDisk(
                BlobStores.create("transient", new Properties()),
                "faults/stages/",
                "faults/sweeps/faults/experiments/"))) {
      try (var client = S3Clients.create(s3.endpoint(), s3.region(), s3.credentials())) {
        S3Clients.ensureBucket(client, "distillery");
      }
      Path log = home.resolve("run.log");
      Process run =
          DistillProcess.start(
              Map.of(
                  "DISTILL_HOME",
                  home.toString(),
                  "DISTILL_STORE",
                  "s3://distillery/faults",
                  "AWS_ENDPOINT_URL_S3",
                  s3.endpoint().toString(),
                  "AWS_ACCESS_KEY_ID",
                  EmbeddedS3.ACCESS_KEY,
                  "AWS_SECRET_ACCESS_KEY",
                  EmbeddedS3.SECRET_KEY,
                  "AWS_REGION",
                  EmbeddedS3.REGION),
              log,
              "run",
              recipe.toString());
      try {
        assertTrue(run.waitFor(60, TimeUnit.SECONDS), "run ended:\n" + Files.readString(log));
      } finally {
        run.destroyForcibly();
      }
      String output = Files.readString(log);
      assertEquals(ExitCodes.FAILED, run.exitValue(), output);
      assertTrue(
          output.contains(
              "base: S3 at " + s3.endpoint() + " failed to write s3://distillery/faults/"),
          output);
      assertTrue(
          output.contains("(507 InsufficientStorage): the server has no space left"), output);
      assertTrue(output.contains("Free space on it"), output);
      assertFalse(output.contains("\tat "), output);
    } finally {
      serverLog.detachAppender(serverLogged);
    }
    assertEquals(
        List.of(),
        serverLogged.list.stream()
            .filter(e -> e.getThrowableProxy() != null)
            .map(ILoggingEvent::getFormattedMessage)
            .toList(),
        "the S3 server logged no stack trace");
  }

  private static Path manifestOf(Path s3, String kind) throws Exception {
    try (Stream<Path> files = Files.walk(s3)) {
      List<Path> found =
          files
              .filter(p -> p.endsWith("manifest.json") && p.toString().contains("/" + kind + "/"))
              .toList();
      assertEquals(1, found.size(), found.toString());
      return found.get(0);
    }
  }
}
