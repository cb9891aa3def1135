package dev.distillery.examples.customkind;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code distill} launcher a user types, with the kind's classes named by {@code
 * DISTILL_CLASSPATH}: it lists and validates the kind; without it the same recipe is refused with
 * the unknown kind named.
 */
class LauncherClassPathTest {
  private static final Path LAUNCHER = Path.of("../../distill").toAbsolutePath().normalize();
  private static final String RECIPE =
      Path.of("src/test/resources/recipe.yaml").toAbsolutePath().toString();

  @TempDir Path home;
  private String output;

  @Test
  void theLauncherKnowsAKindOnDistillClassPath() throws Exception {
    String classes = Path.of("target/classes").toAbsolutePath().toString();

    assertEquals(0, launch(Map.of("DISTILL_CLASSPATH", classes), "kinds"), output);
    assertTrue(output.contains("drop-keywords"), output);

    assertEquals(0, launch(Map.of("DISTILL_CLASSPATH", classes), "validate", RECIPE), output);
    assertTrue(output.contains(": ok ("), output);
  }

  @Test
  void withoutItTheKindIsUnknown() throws Exception {
    assertEquals(2, launch(Map.of(), "validate", RECIPE), output);
    assertTrue(output.contains("drop-keywords"), output);
    assertFalse(output.contains("Exception"), output);
  }

  @Test
  void aMissingEntryIsNamedAndRefused() throws Exception {
    String missing = home.resolve("no-such-kinds.jar").toString();
    String classes = Path.of("target/classes").toAbsolutePath().toString();

    assertEquals(2, launch(Map.of("DISTILL_CLASSPATH", classes + ":" + missing), "kinds"), output);
    assertTrue(
        output.contains("DISTILL_CLASSPATH names " + missing + ", which does not exist"), output);
    assertFalse(output.contains("drop-keywords"), output);
    assertFalse(output.contains("Exception"), output);
  }

  /**
   * Runs the launcher; returns its exit code and keeps its stdout and stderr in {@link #output}.
   */
  private int launch(Map<String, String> env, String... args)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("bash", LAUNCHER.toString()));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().remove("DISTILL_CLASSPATH");
    builder.environment().put("DISTILL_HOME", home.toString());
    builder.environment().put("DISTILL_CDS", "0");
    builder.environment().putAll(env);
    builder.redirectErrorStream(true);
    Path log = home.resolve("launcher.log");
    builder.redirectOutput(log.toFile());
    Process process = builder.start();
    if (!process.waitFor(3, TimeUnit.MINUTES)) {
      process.destroyForcibly();
      throw new AssertionError("distill " + String.join(" ", args) + " did not finish in 3 min");
    }
    output = Files.readString(log, StandardCharsets.UTF_8);
    return process.exitValue();
  }
}
