package dev.distillery.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.distillery.grading.CodeGrader;
import dev.distillery.grading.CodeLimits;
import dev.distillery.grading.Verdict;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Throughput of {@link CodeGrader} with its default limits on {@code bench.programs} (default
 * 1,000) small programs, graded by 1 and then 2 threads: programs/s, and the mean wall time per
 * program. Each task has three tests; a third of the programs are functional (a {@code Solution}
 * class, as LiveCodeBench's LeetCode tasks), the rest read stdin; 30% are off by one on lists of
 * some lengths, and so wrong when a test has such a list (each task knows its expected verdict,
 * which is checked). A run is one Python process per program, so the figure is dominated by process
 * start (the launcher's namespaces, Python's own start, the runner's imports). CPU per program is
 * counted apart for this JVM and for its children (the launcher and Python): a figure a busy
 * machine skews less than wall time. The last column is the machine's load average, as other work
 * skews the figures. Run with {@code ./mvnw -o -Pbench -pl activities -am test
 * -Dtest=CodeGraderThroughputBenchmarkTest}.
 */
@Tag("benchmark")
class CodeGraderThroughputBenchmarkTest {
  private record Task(String reference, String response, boolean right) {}

  @Test
  void programsPerSecond() throws Exception {
    int n = Integer.getInteger("bench.programs", 1000);
    List<Task> tasks = tasks(n, new Random(15));
    long expectedRight = tasks.stream().filter(Task::right).count();
    CodeGrader grader = new CodeGrader(CodeLimits.DEFAULT, "python3");
    System.out.printf(
        "%d programs (%d right), network isolated by namespace: %s%n",
        n, expectedRight, grader.isolatesNetwork());
    grade(grader, tasks.subList(0, Math.min(20, n)), 1); // Warm-up, not reported.
    System.out.printf(
        "%-8s %-9s %-12s %-12s %-14s %-14s %-6s%n",
        "threads",
        "seconds",
        "programs/s",
        "ms/program",
        "JVM-cpu-ms/p",
        "child-cpu-ms/p",
        "load1");
    for (int threads : new int[] {1, 2}) {
      long start = System.nanoTime();
      long jvmCpu = jvmCpuNanos();
      long childCpu = childCpuMillis();
      long right = grade(grader, tasks, threads);
      double seconds = (System.nanoTime() - start) / 1e9;
      assertEquals(expectedRight, right);
      System.out.printf(
          "%-8d %-9.1f %-12.1f %-12.1f %-14.1f %-14.1f %-6.1f%n",
          threads,
          seconds,
          n / seconds,
          seconds * 1000 * threads / n,
          (jvmCpuNanos() - jvmCpu) / 1e6 / n,
          (childCpuMillis() - childCpu) / (double) n,
          ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }
  }

  private static long jvmCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  /**
   * CPU time of this JVM's finished child processes (cutime + cstime in /proc/self/stat, in clock
   * ticks of 10 ms): the launcher and Python.
   */
  private static long childCpuMillis() throws Exception {
    String stat = Files.readString(Path.of("/proc/self/stat"));
    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return (Long.parseLong(fields[13]) + Long.parseLong(fields[14])) * 10;
  }

  private static long grade(CodeGrader grader, List<Task> tasks, int threads) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<Boolean>> verdicts = new ArrayList<>();
      for (Task task : tasks) {
        verdicts.add(
            pool.submit(
                () -> {
                  Verdict verdict = grader.grade(task.reference(), task.response());
                  if (verdict.correct() != task.right()) {
                    throw new AssertionError(task + " -> " + verdict);
                  }
                  return verdict.correct();
                }));
      }
      long right = 0;
      for (Future<Boolean> verdict : verdicts) {
        right += verdict.get() ? 1 : 0;
      }
      return right;
    } finally {
      pool.shutdownNow();
    }
  }

  private static List<Task> tasks(int n, Random random) {
    List<Task> tasks = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      boolean right = random.nextDouble() < 0.7;
      int k = 1 + random.nextInt(9);
      int wrongResidue = random.nextInt(3);
      StringBuilder reference = new StringBuilder();
      boolean hit = false;
      String program;
      if (i % 3 == 0) {
        reference.append("{\"fn_name\": \"scaled\", \"tests\": [");
        for (int t = 0; t < 3; t++) {
          List<Integer> nums = numbers(random);
          long sum = nums.stream().mapToLong(Integer::longValue).sum();
          hit |= nums.size() % 3 == wrongResidue;
          reference
              .append(t == 0 ? "" : ", ")
              .append("{\"input\": \"")
              .append(nums)
              .append("\\n")
              .append(k)
              .append("\", \"output\": \"")
              .append(sum * k)
              .append("\", \"testtype\": \"functional\"}");
        }
        program =
            "class Solution:\n"
                + "    def scaled(self, nums: List[int], k: int) -> int:\n"
                + "        return sum(nums) * k"
                + (right ? "" : " + (1 if len(nums) % 3 == " + wrongResidue + " else 0)");
      } else {
        reference.append("{\"tests\": [");
        for (int t = 0; t < 3; t++) {
          List<Integer> nums = numbers(random);
          long sum = nums.stream().mapToLong(Integer::longValue).sum();
          hit |= nums.size() % 3 == wrongResidue;
          StringBuilder input = new StringBuilder().append(nums.size()).append("\\n");
          nums.forEach(x -> input.append(x).append(' '));
          reference
              .append(t == 0 ? "" : ", ")
              .append("{\"input\": \"")
              .append(input)
              .append("\\n\", \"output\": \"")
              .append(sum * k)
              .append("\\n\", \"testtype\": \"stdin\"}");
        }
        program =
            "import sys\n"
                + "def main():\n"
                + "    n = int(sys.stdin.readline())\n"
                + "    nums = list(map(int, sys.stdin.readline().split()))\n"
                + "    print(sum(nums) * "
                + k
                + (right ? "" : " + (1 if n % 3 == " + wrongResidue + " else 0)")
                + ")\n"
                + "main()";
      }
      reference.append("]}");
      // A wrong program is off by one only on lists whose length is wrongResidue modulo 3.
      boolean actuallyRight = right || !hit;
      tasks.add(
          new Task(
              reference.toString(),
              "Sum them, then scale.\n\n```python\n" + program + "\n```\n",
              actuallyRight));
    }
    return tasks;
  }

  private static List<Integer> numbers(Random random) {
    List<Integer> nums = new ArrayList<>();
    int length = 1 + random.nextInt(8);
    for (int j = 0; j < length; j++) {
      nums.add(random.nextInt(1000) - 500);
    }
    return nums;
  }
}
