package dev.distillery.embedded;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

/**
 * A stand-in for the Temporal CLI, for tests on machines without one: a shell script named {@code
 * temporal} that records the arguments it was given and serves {@link FakeTemporalCliServer} (the
 * Java test server, and a placeholder page on the UI port) where {@code temporal server start-dev}
 * would. {@link io.temporal.testing.TemporalDevServer} runs it exactly as it runs the real CLI.
 */
public final class FakeTemporalCli {
  private final Path executable;
  private final Path arguments;

  private FakeTemporalCli(Path executable, Path arguments) {
    this.executable = executable;
    this.arguments = arguments;
  }

  /** Writes the script as {@code dir/temporal}. */
  public static FakeTemporalCli install(Path dir) throws IOException {
    Files.createDirectories(dir);
    Path executable = dir.resolve("temporal");
    Path arguments = dir.resolve("temporal-arguments.txt");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Files.writeString(
        executable,
        "#!/bin/sh\n"
            + "# FakeTemporalCli: records its arguments, then serves the Java test server.\n"
            + "printf '%s\\n' \"$@\" > "
            + quote(arguments.toString())
            + "\n"
            + "exec "
            + quote(java)
            + " -cp "
            + quote(System.getProperty("java.class.path"))
            + " "
            + FakeTemporalCliServer.class.getName()
            + " \"$@\"\n");
    Files.setPosixFilePermissions(executable, PosixFilePermissions.fromString("rwxr-xr-x"));
    return new FakeTemporalCli(executable, arguments);
  }

  /** Writes a CLI that prints {@code message} and exits with 1, as a broken install would. */
  public static Path broken(Path dir, String message) throws IOException {
    Files.createDirectories(dir);
    Path executable = dir.resolve("temporal");
    Files.writeString(executable, "#!/bin/sh\necho " + quote(message) + "\nexit 1\n");
    Files.setPosixFilePermissions(executable, PosixFilePermissions.fromString("rwxr-xr-x"));
    return executable;
  }

  public Path executable() {
    return executable;
  }

  /** The arguments of its last run, one per element; empty when it never ran. */
  public List<String> lastArguments() throws IOException {
    return Files.exists(arguments) ? Files.readAllLines(arguments) : List.of();
  }

  private static String quote(String s) {
    return "'" + s.replace("'", "'\\''") + "'";
  }
}
