package dev.distillery.grading;

import java.time.Duration;

/**
 * The limits one candidate program runs under in {@link CodeGrader}: all of a program's tests run
 * in one process, so the limits bound the whole run, not each test.
 *
 * @param wall wall-clock time from the process's start; past it the process and everything it
 *     started are killed and the verdict is "timed out after N s"
 * @param cpu CPU time ({@code RLIMIT_CPU}, rounded up to whole seconds)
 * @param memoryBytes address space ({@code RLIMIT_AS}); Python's own start takes about 30 MB of it
 * @param outputBytes the largest output the program may write, to stdout, stderr or any file
 *     ({@code RLIMIT_FSIZE})
 */
public record CodeLimits(Duration wall, Duration cpu, long memoryBytes, long outputBytes) {
  /** 6 s wall (LiveCodeBench's per-test timeout), 4 s CPU, 512 MB of memory, 1 MB of output. */
  public static final CodeLimits DEFAULT =
      new CodeLimits(Duration.ofSeconds(6), Duration.ofSeconds(4), 512L << 20, 1L << 20);

  /** Checks that every limit is positive and the memory leaves room for Python to start. */
  public CodeLimits {
    if (wall.isNegative() || wall.isZero() || cpu.isNegative() || cpu.isZero()) {
      throw new IllegalArgumentException("code limits: wall and CPU time must be positive");
    }
    if (memoryBytes < (64L << 20) || outputBytes < 1) {
      throw new IllegalArgumentException(
          "code limits: memory must be at least 64 MB and output at least 1 byte");
    }
  }

  /** The CPU limit in whole seconds, as {@code RLIMIT_CPU} takes it. */
  long cpuSeconds() {
    return Math.max(1, (cpu.toMillis() + 999) / 1000);
  }
}
