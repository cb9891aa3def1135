package dev.distillery.grading;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.distillery.json.Json;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts the Python runner ({@code CodeGraderRunner.py}) on one program in a fresh folder and
 * collects what it left. The process runs with an empty environment, stdin from /dev/null, and,
 * where {@code unshare} works, in its own network namespace (no network at all) and PID namespace
 * (killing it kills everything it started); without a user namespace of its own, or as root, {@code
 * RLIMIT_NPROC} would count the caller's threads or be ignored, so the runner sets it only inside
 * one. The folder is deleted afterwards.
 */
final class CodeGraderSandbox {
  private static final Logger log = LoggerFactory.getLogger(CodeGraderSandbox.class);
  private static final ObjectMapper JSON = Json.mapper();
  private static final List<List<String>> LAUNCHERS =
      List.of(
          List.of(
              "unshare", "--user", "--map-root-user", "--net", "--pid", "--fork", "--kill-child"),
          List.of("unshare", "--net", "--pid", "--fork", "--kill-child"),
          List.of());
  private static final int TASKS_IN_OWN_USER_NAMESPACE = 32;
  private static final int STDERR_TAIL = 4096;

  private final String python;
  private final List<String> launcher;
  private final byte[] runner;

  private CodeGraderSandbox(String python, List<String> launcher, byte[] runner) {
    this.python = python;
    this.launcher = launcher;
    this.runner = runner;
  }

  /**
   * Finds {@code pythonCommand} (run once through the PATH to learn its real executable) and the
   * strongest launcher that works here.
   *
   * @throws CodeGraderUnavailableException when it is not Python 3
   */
  static CodeGraderSandbox find(String pythonCommand) {
    String executable = pythonExecutable(pythonCommand);
    for (List<String> launcher : LAUNCHERS) {
      List<String> probe = new ArrayList<>(launcher);
      probe.addAll(List.of(executable, "-I", "-S", "-c", "print(1)"));
      ProcessBuilder builder = new ProcessBuilder(probe);
      builder.environment().clear();
      if ("1".equals(output(builder))) {
        if (launcher.isEmpty()) {
          log.warn(
              "unshare cannot make a network namespace here; code under test is kept off the"
                  + " network only by the runner's audit hook");
        }
        return new CodeGraderSandbox(executable, launcher, runnerScript());
      }
    }
    throw unavailable(pythonCommand, "it does not run without its environment");
  }

  /** Whether programs run without network access at the kernel level. */
  boolean isolatesNetwork() {
    return !launcher.isEmpty();
  }

  /** Runs {@code program} against {@code tests} under {@code limits}. */
  CodeGraderRun run(String program, CodeGraderReference tests, CodeLimits limits)
      throws InterruptedException {
    Path folder = null;
    Process process = null;
    try {
      folder = Files.createTempDirectory("distill-code-");
      Path scratch = Files.createDirectory(folder.resolve("scratch"));
      Path runnerFile = Files.write(folder.resolve("runner.py"), runner);
      Path jobFile = folder.resolve("job.json");
      Files.write(jobFile, job(program, tests, limits));
      Path out = folder.resolve("out");
      Path err = folder.resolve("err");
      List<String> command = new ArrayList<>(launcher);
      command.addAll(
          List.of(
              python, "-I", "-S", "-B", "-X", "utf8", runnerFile.toString(), jobFile.toString()));
      ProcessBuilder builder =
          new ProcessBuilder(command)
              .directory(scratch.toFile())
              .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
              .redirectOutput(out.toFile())
              .redirectError(err.toFile());
      Map<String, String> env = builder.environment();
      env.clear();
      env.put("PATH", "/usr/bin:/bin");
      env.put("HOME", scratch.toString());
      env.put("TMPDIR", scratch.toString());
      env.put("LANG", "C.UTF-8");
      process = builder.start();
      boolean timedOut = !process.waitFor(limits.wall().toMillis(), TimeUnit.MILLISECONDS);
      if (timedOut) {
        killTree(process);
      }
      return new CodeGraderRun(lastLine(out), timedOut, process.exitValue(), tail(err));
    } catch (IOException e) {
      throw new UncheckedIOException("the code grader could not run a program: " + e, e);
    } finally {
      if (process != null && process.isAlive()) {
        killTree(process);
      }
      if (folder != null) {
        delete(folder);
      }
    }
  }

  /**
   * The job file the runner reads: fields, each its length in UTF-8 bytes, a newline, the bytes and
   * a newline (a format the runner parses without importing json, which is slow to import).
   */
  private byte[] job(String program, CodeGraderReference tests, CodeLimits limits) {
    List<String> fields = new ArrayList<>();
    fields.add(Long.toString(limits.cpuSeconds()));
    fields.add(Long.toString(limits.memoryBytes()));
    fields.add(Long.toString(limits.outputBytes()));
    fields.add(launcher.contains("--user") ? Integer.toString(TASKS_IN_OWN_USER_NAMESPACE) : "0");
    fields.add(tests.fnName() == null ? "" : tests.fnName());
    fields.add(program);
    fields.add(Integer.toString(tests.tests().size()));
    for (CodeGraderCase test : tests.tests()) {
      fields.add(test.functional() ? "functional" : "stdin");
      fields.add(test.input());
      fields.add(test.output());
    }
    ByteArrayOutputStream job = new ByteArrayOutputStream();
    for (String field : fields) {
      byte[] bytes = field.getBytes(StandardCharsets.UTF_8);
      job.writeBytes((bytes.length + "\n").getBytes(StandardCharsets.US_ASCII));
      job.writeBytes(bytes);
      job.write('\n');
    }
    return job.toByteArray();
  }

  private static void killTree(Process process) {
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
    process.onExit().join();
  }

  private static JsonNode lastLine(Path out) throws IOException {
    String text = tailOf(out, STDERR_TAIL).strip();
    int newline = text.lastIndexOf('\n');
    try {
      JsonNode node = JSON.readTree(text.substring(newline + 1));
      return node != null && node.has("status") ? node : null;
    } catch (IOException e) {
      return null;
    }
  }

  private static String tail(Path err) throws IOException {
    return tailOf(err, STDERR_TAIL);
  }

  private static String tailOf(Path file, int bytes) throws IOException {
    try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
      long length = in.length();
      byte[] buffer = new byte[(int) Math.min(length, bytes)];
      in.seek(length - buffer.length);
      in.readFully(buffer);
      return new String(buffer, StandardCharsets.UTF_8);
    }
  }

  private static void delete(Path folder) {
    try (Stream<Path> paths = Files.walk(folder)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException | UncheckedIOException e) {
      log.warn("could not delete {}: {}", folder, e.toString());
    }
  }

  private static String pythonExecutable(String command) {
    String out =
        output(
            new ProcessBuilder(
                command,
                "-I",
                "-S",
                "-c",
                "import sys; print(sys.version_info[0], sys.executable)"));
    if (out == null) {
      throw unavailable(command, "it could not be run");
    }
    String[] parts = out.split(" ", 2);
    if (!parts[0].equals("3") || parts.length < 2 || parts[1].isBlank()) {
      throw unavailable(command, "it is not Python 3 (it printed '" + out + "')");
    }
    return parts[1];
  }

  /** The process's output, stripped, or null when it cannot start or fails within 10 s. */
  private static String output(ProcessBuilder builder) {
    Path out = null;
    try {
      out = Files.createTempFile("distill-probe-", ".txt");
      Process process =
          builder
              .redirectErrorStream(true)
              .redirectOutput(out.toFile())
              .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
              .start();
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        killTree(process);
        return null;
      }
      return process.exitValue() == 0 ? Files.readString(out).strip() : null;
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    } finally {
      if (out != null) {
        out.toFile().delete();
      }
    }
  }

  private static CodeGraderUnavailableException unavailable(String command, String why) {
    return new CodeGraderUnavailableException(
        "Grading code needs Python 3, and '"
            + command
            + "' is not usable: "
            + why
            + ". Install Python 3 (on Debian or Ubuntu: apt-get install python3) or put it on"
            + " the PATH, then run the command again.");
  }

  private static byte[] runnerScript() {
    try (InputStream in = CodeGraderSandbox.class.getResourceAsStream("CodeGraderRunner.py")) {
      if (in == null) {
        throw new IllegalStateException("CodeGraderRunner.py is missing from the classpath");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
