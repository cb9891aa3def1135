package dev.distillery.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Starts {@code distill} in a JVM of its own, with exactly the given environment and the shipped
 * logging configuration.
 */
final class DistillProcess {
  private DistillProcess() {}

  static Process start(Map<String, String> env, Path log, String... args) throws IOException {
    return start(List.of(), env, log, args);
  }

  /** As {@link #start(Map, Path, String...)}, with JVM options such as {@code -Xmx512m}. */
  static Process start(List<String> jvmOptions, Map<String, String> env, Path log, String... args)
      throws IOException {
    return startIn(null, jvmOptions, env, log, args);
  }

  /** As {@link #start(List, Map, Path, String...)}, in working directory {@code dir}. */
  static Process startIn(
      Path dir, List<String> jvmOptions, Map<String, String> env, Path log, String... args)
      throws IOException {
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command().orElse("java"));
    command.addAll(jvmOptions);
    // The shipped logging setup, not the test one, so the child logs as the real CLI does.
    command.add(
        "-Dlogback.configurationFile="
            + DistillProcess.class.getClassLoader().getResource("logback.xml"));
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(Distill.class.getName());
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command);
    if (dir != null) {
      builder.directory(dir.toFile());
    }
    builder.environment().clear();
    builder.environment().putAll(env);
    builder.redirectErrorStream(true).redirectOutput(log.toFile());
    return builder.start();
  }

  /**
   * Starts {@code distill dev} on free ports with {@code DISTILL_HOME=home} plus {@code env}, and
   * returns once it has written its stack file (its "ready" signal).
   */
  static Process startDev(Path home, Map<String, String> env, Path log) throws Exception {
    Map<String, String> all = new java.util.HashMap<>(env);
    all.put("DISTILL_HOME", home.toString());
    Process dev =
        start(all, log, "dev", "--temporal-port", "0", "--s3-port", "0", "--llm-port", "0");
    long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(60);
    while (!java.nio.file.Files.exists(home.resolve("dev-stack.properties"))) {
      if (!dev.isAlive() || System.nanoTime() > deadline) {
        dev.destroyForcibly();
        throw new AssertionError(
            "distill dev did not start:\n" + java.nio.file.Files.readString(log));
      }
      Thread.sleep(100);
    }
    return dev;
  }
}
