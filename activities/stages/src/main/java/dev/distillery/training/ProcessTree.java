package dev.distillery.training;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@code /bin/sh -c} command in a process group of its own, its stdout and stderr merged and read
 * line by line on a thread of its own, and {@link #stop stopped} with everything it started.
 *
 * <p>Where {@code setsid} and {@code kill} are on the PATH the shell leads a new session and
 * process group (a JVM's children never lead a group, so {@code setsid} execs the shell without
 * forking and the group id is the shell's pid), and stopping signals the whole group: this reaches
 * processes that outlived their parent. Elsewhere, and in any case, stopping signals the shell and
 * its descendants as they were just before the first signal.
 *
 * <p>The JDK closes the output pipe once the shell has exited, so what processes left behind by the
 * shell write afterwards is lost (and their writes fail).
 */
final class ProcessTree {
  private static final Logger log = LoggerFactory.getLogger(ProcessTree.class);
  private static final boolean OWN_GROUP = onPath("setsid") && onPath("kill");
  private static final int MAX_LINE_CHARS = 16 * 1024;
  private static final Duration OUTPUT_DRAIN = Duration.ofSeconds(2);

  private final Process process;
  private final Thread reader;

  private ProcessTree(Process process, Thread reader) {
    this.process = process;
    this.reader = reader;
  }

  /**
   * Starts {@code command} in {@code workDir} with {@code env} added to this process's environment
   * and stdin from /dev/null. Each non-empty line of its output ({@code \n}, {@code \r\n} or a lone
   * {@code \r}, as progress bars use; at most 16 K characters, the rest cut) goes to {@code lines}
   * on the reader thread, then {@code end} runs there once the output ends.
   */
  static ProcessTree start(
      String command, Path workDir, Map<String, String> env, Consumer<String> lines, Runnable end)
      throws IOException {
    List<String> argv = new ArrayList<>();
    if (OWN_GROUP) {
      argv.add("setsid");
    }
    argv.addAll(List.of("/bin/sh", "-c", command));
    ProcessBuilder builder =
        new ProcessBuilder(argv)
            .directory(workDir.toFile())
            .redirectErrorStream(true)
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    builder.environment().putAll(env);
    Process process = builder.start();
    Thread reader =
        new Thread(
            () -> read(process.getInputStream(), lines, end), "distill-output-" + process.pid());
    reader.setDaemon(true);
    reader.start();
    return new ProcessTree(process, reader);
  }

  long pid() {
    return process.pid();
  }

  boolean isAlive() {
    return process.isAlive();
  }

  /** Waits for the shell to exit and returns its exit code. */
  int waitFor() throws InterruptedException {
    return process.waitFor();
  }

  /**
   * Stops the shell and everything it started: SIGTERM, then SIGKILL to whatever still runs after
   * {@code grace}; returns once the shell has exited and its output has been read to the end. Safe
   * to call more than once and after the shell exited by itself (it then ends stragglers). Not
   * interruptible: an interrupt while it waits is kept for the caller.
   */
  void stop(Duration grace) {
    boolean interrupted = Thread.interrupted();
    List<ProcessHandle> tree = new ArrayList<>();
    tree.add(process.toHandle());
    process.descendants().forEach(tree::add);
    if (OWN_GROUP) {
      // Children the shell left behind when it exited are no longer its descendants.
      tree.addAll(groupMembers(process.pid()));
    }
    if (OWN_GROUP || anyRunning(tree)) {
      signal("TERM", tree);
      long deadline = System.nanoTime() + grace.toNanos();
      while (anyRunning(tree) && System.nanoTime() < deadline) {
        interrupted |= pause(20);
      }
      signal("KILL", tree);
      // A signal is delivered asynchronously: wait until the killed are gone (bounded, in case
      // one is stuck in the kernel).
      long killed = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
      while (anyRunning(tree) && System.nanoTime() < killed) {
        interrupted |= pause(10);
      }
    }
    while (process.isAlive()) {
      interrupted |= pause(20);
    }
    interrupted |= finishReading();
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  /** Whether {@code process} runs: alive and not a zombie (a zombie is dead, just not reaped). */
  static boolean running(ProcessHandle process) {
    if (!process.isAlive()) {
      return false;
    }
    Path stat = Path.of("/proc", Long.toString(process.pid()), "stat");
    if (!Files.isDirectory(Path.of("/proc/self"))) {
      return true;
    }
    try {
      String text = Files.readString(stat);
      char state = text.charAt(text.lastIndexOf(')') + 2);
      return state != 'Z' && state != 'X';
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  private static boolean anyRunning(List<ProcessHandle> tree) {
    return tree.stream().anyMatch(ProcessTree::running);
  }

  /**
   * Stops a tree this class started in an earlier JVM (one killed without stopping its children):
   * the process {@code pid}, its group and descendants, when it still runs and its command line
   * mentions {@code mention} or it runs in that folder (so a reused pid of another program is left
   * alone). Returns whether there was such a tree.
   */
  static boolean stopLeftover(long pid, String mention, Duration grace) {
    Optional<ProcessHandle> found = ProcessHandle.of(pid).filter(ProcessTree::running);
    if (found.isEmpty()
        || !(found.get().info().commandLine().map(c -> c.contains(mention)).orElse(false)
            || runsIn(pid, mention))) {
      return false;
    }
    List<ProcessHandle> tree = new ArrayList<>();
    tree.add(found.get());
    found.get().descendants().forEach(tree::add);
    signal(pid, "TERM", tree);
    long deadline = System.nanoTime() + grace.toNanos();
    while (anyRunning(tree) && System.nanoTime() < deadline) {
      pause(20);
    }
    signal(pid, "KILL", tree);
    while (anyRunning(tree)) {
      pause(20);
    }
    return true;
  }

  /** The processes of group {@code pgid} (Linux, from /proc; none elsewhere). */
  private static List<ProcessHandle> groupMembers(long pgid) {
    List<ProcessHandle> members = new ArrayList<>();
    ProcessHandle.allProcesses()
        .forEach(
            handle -> {
              try {
                String stat =
                    Files.readString(Path.of("/proc", Long.toString(handle.pid()), "stat"));
                String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                if (Long.parseLong(fields[2]) == pgid) {
                  members.add(handle);
                }
              } catch (IOException | RuntimeException e) {
                // Gone meanwhile, or no /proc: not a member we can see.
              }
            });
    return members;
  }

  /** Whether process {@code pid}'s working folder is {@code folder} (Linux; false elsewhere). */
  private static boolean runsIn(long pid, String folder) {
    try {
      return Files.readSymbolicLink(Path.of("/proc", Long.toString(pid), "cwd"))
          .equals(Path.of(folder));
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  private void signal(String signal, List<ProcessHandle> tree) {
    signal(process.pid(), signal, tree);
  }

  private static void signal(long leader, String signal, List<ProcessHandle> tree) {
    if (OWN_GROUP) {
      try {
        Process kill =
            new ProcessBuilder("kill", "-s", signal, "--", "-" + leader)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        if (!kill.waitFor(5, TimeUnit.SECONDS)) {
          kill.destroyForcibly();
        }
      } catch (IOException e) {
        log.warn("could not signal process group {}: {}", leader, e.toString());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    for (ProcessHandle member : tree) {
      if (running(member)) {
        if (signal.equals("KILL")) {
          member.destroyForcibly();
        } else {
          member.destroy();
        }
      }
    }
  }

  /** Waits for the reader to reach the end of the output; closes it when held open too long. */
  private boolean finishReading() {
    boolean interrupted = false;
    for (int attempt = 0; attempt < 2 && reader.isAlive(); attempt++) {
      try {
        reader.join(OUTPUT_DRAIN.toMillis());
      } catch (InterruptedException e) {
        interrupted = true;
      }
      if (reader.isAlive()) {
        // A process outside the group still holds the pipe open: stop reading it.
        try {
          process.getInputStream().close();
        } catch (IOException e) {
          log.debug("closing the output of {}: {}", process.pid(), e.toString());
        }
      }
    }
    return interrupted;
  }

  /** Sleeps {@code millis}; returns whether an interrupt came meanwhile. */
  private static boolean pause(long millis) {
    try {
      Thread.sleep(millis);
      return false;
    } catch (InterruptedException e) {
      return true;
    }
  }

  private static void read(InputStream in, Consumer<String> lines, Runnable end) {
    StringBuilder line = new StringBuilder();
    try (Reader r = new InputStreamReader(in, StandardCharsets.UTF_8)) {
      char[] buffer = new char[8192];
      int n;
      while ((n = r.read(buffer)) != -1) {
        for (int i = 0; i < n; i++) {
          char ch = buffer[i];
          if (ch == '\n' || ch == '\r') {
            emit(line, lines);
          } else if (line.length() < MAX_LINE_CHARS) {
            line.append(ch);
          }
        }
      }
    } catch (IOException e) {
      log.debug("output stream ended: {}", e.toString());
    } finally {
      emit(line, lines);
      end.run();
    }
  }

  private static void emit(StringBuilder line, Consumer<String> lines) {
    if (line.length() > 0) {
      String text = line.toString();
      line.setLength(0);
      try {
        lines.accept(text);
      } catch (RuntimeException e) {
        log.warn("a log line listener failed: {}", e.toString());
      }
    }
  }

  private static boolean onPath(String program) {
    String path = System.getenv("PATH");
    if (path == null) {
      return false;
    }
    for (String dir : path.split(File.pathSeparator)) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, program))) {
        return true;
      }
    }
    return false;
  }
}
