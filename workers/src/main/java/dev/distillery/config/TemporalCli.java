package dev.distillery.config;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Map;

/**
 * Which server an embedded Temporal is. With a Temporal CLI (named by {@code DISTILL_TEMPORAL_CLI},
 * else {@code temporal} on {@code PATH}) it is the CLI's dev server, with the Web UI and SQLite
 * persistence; without one, or with {@code DISTILL_TEMPORAL_CLI=test-server}, the Java test server
 * in this process.
 */
public final class TemporalCli {
  /** The setting that names the CLI, or forces the test server with {@link #TEST_SERVER}. */
  public static final String SETTING = "DISTILL_TEMPORAL_CLI";

  /** The value of {@link #SETTING} that keeps the in-process test server even with a CLI. */
  public static final String TEST_SERVER = "test-server";

  private static final String NAME = "temporal";

  private TemporalCli() {}

  /**
   * The CLI to run as the embedded server, or null for the test server: the setting's file (a bare
   * name is looked up on {@code PATH}), else {@code temporal} on {@code PATH}.
   *
   * @throws ConfigException when the setting names no executable file
   */
  public static Path locate(Map<String, String> env) throws ConfigException {
    String value = env.get(SETTING);
    if (value == null || value.isBlank()) {
      return onPath(NAME, env);
    }
    value = value.trim();
    if (value.equals(TEST_SERVER)) {
      return null;
    }
    Path found = null;
    try {
      found = value.contains(File.separator) ? Path.of(value) : onPath(value, env);
    } catch (InvalidPathException e) {
      // Reported below.
    }
    if (found == null || !Files.isRegularFile(found) || !Files.isExecutable(found)) {
      throw new ConfigException(
          SETTING
              + "='"
              + value
              + "' is not an executable file"
              + (value.contains(File.separator) ? "" : " on PATH")
              + ". Name the Temporal CLI (e.g. "
              + SETTING
              + "=/usr/local/bin/temporal), or set "
              + SETTING
              + "="
              + TEST_SERVER
              + " to use the in-process test server (no Web UI).");
    }
    return found.toAbsolutePath().normalize();
  }

  private static Path onPath(String name, Map<String, String> env) {
    String path = env.get("PATH");
    if (path == null) {
      return null;
    }
    for (String dir : path.split(File.pathSeparator)) {
      if (dir.isBlank()) {
        continue;
      }
      try {
        Path candidate = Path.of(dir, name);
        if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
          return candidate;
        }
      } catch (InvalidPathException e) {
        // A malformed PATH entry holds no CLI.
      }
    }
    return null;
  }
}
