package dev.distillery.grading;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.concurrent.CancellationException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Grades a coding answer by running its program against the task's tests, as LiveCodeBench does.
 *
 * <p>The program is the last fenced block of the response tagged {@code python}, {@code py} or
 * {@code python3}, or untagged; a response without one is wrong with "no program found". The
 * reference is JSON naming the tests, in either form:
 *
 * <pre>{@code
 * {"tests": [{"input": "1 2\n", "output": "3\n", "testtype": "stdin"}, ...]}
 * {"fn_name": "twoSum", "tests": [{"input": "[2,7,11,15]\n9", "output": "[0,1]",
 *                                  "testtype": "functional"}, ...]}
 * {"inputs": ["1 2\n", ...], "outputs": ["3\n", ...], "fn_name": null}
 * }</pre>
 *
 * The first is LiveCodeBench's {@code public_test_cases} with {@code metadata.func_name} as {@code
 * fn_name} ({@code func_name} is accepted too; {@code testtype} defaults to functional when a name
 * is given); the last is its {@code input_output}. A stdin test feeds {@code input} to the program
 * and compares its stdout with {@code output} line by line after stripping each line and the whole
 * text, and numerically (as decimals, token by token) when a line differs as text. A functional
 * test calls {@code fn_name} (a method of a fresh {@code Solution()} when the program defines that
 * class, else a top-level function) with one argument per line of {@code input}, each line JSON,
 * and compares the result (a tuple read as a list) with {@code output} as JSON. Names
 * LiveCodeBench's harness pre-imports ({@code List}, {@code defaultdict}, {@code heapq}, {@code
 * math}, ...) work without an import. Only Python's standard library is importable.
 *
 * <p>Each program runs in one separate Python 3 process ({@code -I -S}) in a fresh folder that is
 * deleted afterwards, with its tests in order, stopping at the first failure. It runs under {@link
 * CodeLimits}: wall time (enforced here, killing the whole process tree), CPU time, memory and
 * output size (rlimits). It has no network: where {@code unshare} works it runs in a network
 * namespace of its own, and in any case an audit hook refuses sockets, new processes (fork,
 * subprocess, exec, os.system), ctypes, signals to other processes and limit changes, writing or
 * deleting any file outside its folder, and reading any file outside its folder and Python's own
 * library: stricter than LiveCodeBench's harness, which lets programs read system files, because no
 * answer to a task needs them and a read could find the expected outputs. Such an attempt makes the
 * answer wrong even when the program catches the error. Reasons: "timed out after 6 s", "timed out
 * after 4 s of CPU time", "exceeded memory limit of 512 MB", "output over 1 MB", "crashed on test
 * k: ZeroDivisionError: division by zero", "crashed: SyntaxError: ...", "wrong answer on test k:
 * expected 3, got 4", "tried to open a socket", "tried to open a file outside its folder", "tried
 * to start a process", "tried to load native code", "tried to signal a process or change its
 * limits".
 *
 * <p>Thread-safe: programs graded in parallel run in parallel processes.
 */
public final class CodeGrader implements Grader {
  private static final Pattern FENCE =
      Pattern.compile(
          "(?m)^[ \\t]*```[ \\t]*([A-Za-z0-9_+.-]*)[^\\n]*\\n(.*?)^[ \\t]*```[ \\t]*$",
          Pattern.DOTALL);

  private final CodeLimits limits;
  private final CodeGraderSandbox sandbox;

  /** A grader with {@link CodeLimits#DEFAULT} running {@code python3} from the PATH. */
  public CodeGrader() {
    this(CodeLimits.DEFAULT, "python3");
  }

  /**
   * A grader running programs with {@code python} (a command on the PATH or a path).
   *
   * @throws CodeGraderUnavailableException when {@code python} is not a working Python 3, with a
   *     message naming how to install it
   */
  public CodeGrader(CodeLimits limits, String python) {
    this.limits = limits;
    this.sandbox = CodeGraderSandbox.find(python);
  }

  /** Whether programs run without network access at the kernel level (in their own namespace). */
  public boolean isolatesNetwork() {
    return sandbox.isolatesNetwork();
  }

  /**
   * {@inheritDoc}
   *
   * @throws IllegalArgumentException when {@code reference} is not one of the forms above
   * @throws CancellationException when the calling thread is interrupted (the program is killed)
   */
  @Override
  public Verdict grade(String reference, String response) {
    CodeGraderReference tests = CodeGraderReference.parse(reference);
    String program = program(response);
    if (program == null) {
      return Verdict.wrong(null, "no program found");
    }
    CodeGraderRun run;
    try {
      run = sandbox.run(program, tests, limits);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CancellationException("grading was interrupted");
    }
    String reason = reason(run);
    return reason == null ? Verdict.right(program) : Verdict.wrong(program, reason);
  }

  /** The program in the last python or untagged fenced block of {@code response}, or null. */
  static String program(String response) {
    String program = null;
    Matcher m = FENCE.matcher(response == null ? "" : response);
    while (m.find()) {
      String language = m.group(1).toLowerCase(java.util.Locale.ROOT);
      if (language.isEmpty()
          || language.equals("python")
          || language.equals("py")
          || language.equals("python3")) {
        program = m.group(2);
      }
    }
    return program == null || program.isBlank() ? null : program;
  }

  private String reason(CodeGraderRun run) {
    if (run.timedOut()) {
      return "timed out after " + seconds(limits.wall().toMillis()) + " s";
    }
    JsonNode result = run.result();
    if (result == null) {
      return withoutResult(run);
    }
    String test = result.has("test") ? " on test " + result.get("test").asInt() : "";
    switch (result.path("status").asText()) {
      case "pass":
        return null;
      case "wrong":
        return "wrong answer"
            + test
            + ": expected "
            + result.path("expected").asText()
            + ", got "
            + result.path("got").asText();
      case "crash":
        return "crashed" + test + ": " + result.path("error").asText();
      case "memory":
        return memoryExceeded();
      case "output":
        return "output over " + size(limits.outputBytes());
      case "cpu":
        return cpuExceeded();
      case "violation":
        return violation(result.path("kind").asText());
      default:
        return "crashed: the runner reported " + result;
    }
  }

  /** A process that wrote no result: killed at the hard CPU limit, or Python itself died. */
  private String withoutResult(CodeGraderRun run) {
    String stderr = run.stderrTail();
    // unshare re-raises its child's fatal signal on itself, and says this when it was SIGKILL.
    if (run.exitCode() == 128 + 9 || stderr.contains("sigprocmask unblock failed")) {
      return cpuExceeded();
    }
    if (stderr.contains("MemoryError")) {
      return memoryExceeded();
    }
    String last = "";
    for (String line : stderr.strip().split("\n")) {
      if (!line.isBlank() && !line.startsWith("unshare:")) {
        last = line.strip();
      }
    }
    if (!last.isEmpty()) {
      return "crashed: " + last;
    }
    return run.exitCode() > 128
        ? "crashed: killed by signal " + (run.exitCode() - 128)
        : "crashed: exit code " + run.exitCode();
  }

  private String cpuExceeded() {
    return "timed out after " + limits.cpuSeconds() + " s of CPU time";
  }

  private String memoryExceeded() {
    return "exceeded memory limit of " + size(limits.memoryBytes());
  }

  private static String violation(String kind) {
    switch (kind) {
      case "socket":
        return "tried to open a socket";
      case "file":
        return "tried to open a file outside its folder";
      case "process":
        return "tried to start a process";
      case "native":
        return "tried to load native code";
      default:
        return "tried to signal a process or change its limits";
    }
  }

  private static String seconds(long millis) {
    return millis % 1000 == 0 ? Long.toString(millis / 1000) : String.valueOf(millis / 1000.0);
  }

  private static String size(long bytes) {
    if (bytes % (1L << 20) == 0) {
      return (bytes >> 20) + " MB";
    }
    if (bytes % (1L << 10) == 0) {
      return (bytes >> 10) + " KB";
    }
    return bytes + " bytes";
  }
}
