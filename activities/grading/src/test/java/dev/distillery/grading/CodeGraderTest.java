package dev.distillery.grading;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The code grader runs real programs in a real Python 3 process: right and wrong answers, each kind
 * of misbehaviour ending as a wrong answer with its reason, and parallel grading. Limits are
 * smaller than the defaults (1 s CPU, 3 s wall, 256 MB, 64 KB of output) to keep the class short.
 */
class CodeGraderTest {
  static final String SUM =
      "{\"tests\": [{\"input\": \"1 2\\n\", \"output\": \"3\\n\", \"testtype\": \"stdin\"},"
          + " {\"input\": \"5 6\", \"output\": \"11\", \"testtype\": \"stdin\"}]}";
  static final String TWO_SUM =
      "{\"fn_name\": \"twoSum\", \"tests\": ["
          + "{\"input\": \"[2,7,11,15]\\n9\", \"output\": \"[0,1]\", \"testtype\": \"functional\"},"
          + "{\"input\": \"[3,2,4]\\n6\", \"output\": \"[1,2]\", \"testtype\": \"functional\"}]}";
  static final CodeLimits LIMITS =
      new CodeLimits(Duration.ofSeconds(3), Duration.ofSeconds(1), 256L << 20, 64L << 10);

  static CodeGrader grader;

  @BeforeAll
  static void startGrader() {
    grader = new CodeGrader(LIMITS, "python3");
  }

  static String answer(String program) {
    return "<think>\nsum them\n</think>\n\nHere it is:\n```python\n" + program + "\n```\n";
  }

  static Verdict grade(String reference, String program) {
    return grader.grade(reference, answer(program));
  }

  static void assertWrong(String reason, Verdict verdict) {
    assertFalse(verdict.correct(), verdict::toString);
    assertEquals(reason, verdict.reason());
  }

  @Test
  void stdinRightAndWrongAnswers() {
    String program = "a, b = map(int, input().split())\nprint(a + b)";
    Verdict right = grade(SUM, program);
    assertTrue(right.correct(), right::toString);
    assertEquals(program + "\n", right.extracted());
    assertNull(right.reason());

    assertWrong(
        "wrong answer on test 2: expected 11, got 30",
        grade(SUM, "a, b = map(int, input().split())\nprint(a * b if a > 2 else a + b)"));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "import sys\na, b = map(int, sys.stdin.buffer.read().split())\nsys.stdout.write(str(a + b))",
        "a, b = map(int, open(0).read().split())\nimport os\nos.write(1, b'%d\\n' % (a + b))",
        "import sys\ninput = sys.stdin.readline\ndef main():\n    a, b = map(int, input().split())\n"
            + "    print(a + b)\nif __name__ == '__main__':\n    main()",
        "import threading\ndef main():\n    print(sum(map(int, input().split())))\n"
            + "threading.stack_size(1 << 26)\nthreading.Thread(target=main).start()",
        "import os\nprint(sum(map(int, input().split())), flush=True)\nos._exit(0)",
        "print(sum(map(int, input().split())))\nexit(0)",
      })
  void stdinProgramsReadAndWriteTheWaysContestantsDo(String program) {
    Verdict verdict = grade(SUM, program);
    assertTrue(verdict.correct(), verdict::toString);
  }

  @Test
  void outputsCompareLineByLineStrippedAndAsDecimals() {
    String reference =
        "{\"tests\": [{\"input\": \"\", \"output\": \"0.5 2\\nyes\\n\", \"testtype\": \"stdin\"}]}";
    assertTrue(grade(reference, "print('0.50  2.0   \\r')\nprint(' yes')\nprint()").correct());
    assertWrong(
        "wrong answer on test 1: expected 0.5 2\\nyes, got 0.5 2\\nno",
        grade(reference, "print('0.5 2')\nprint('no')"));
    assertWrong(
        "wrong answer on test 1: expected 0.5 2\\nyes, got 0.5 2",
        grade(reference, "print(0.5, 2)"));
  }

  @Test
  void functionalTestsCallSolutionMethodsWithLiveCodeBenchPreImports() {
    String solution =
        "class Solution:\n"
            + "    def twoSum(self, nums: List[int], target: int) -> List[int]:\n"
            + "        seen = defaultdict(int)\n"
            + "        for i, x in enumerate(nums):\n"
            + "            if target - x in seen:\n"
            + "                return (seen[target - x], i)\n"
            + "            seen[x] = i\n";
    Verdict right = grade(TWO_SUM, solution);
    assertTrue(right.correct(), right::toString);

    assertWrong(
        "wrong answer on test 1: expected [0, 1], got [1, 0]",
        grade(TWO_SUM, "def twoSum(nums, target):\n    return [1, 0]"));
    assertWrong(
        "crashed on test 1: NameError: the program defines no function twoSum",
        grade(TWO_SUM, "def two_sum(nums, target):\n    return [0, 1]"));
  }

  @Test
  void acceptsLiveCodeBenchInputOutput() {
    String reference = "{\"inputs\": [\"4\\n\"], \"outputs\": [\"16\\n\"], \"fn_name\": null}";
    assertTrue(grade(reference, "n = int(input())\nprint(n * n)").correct());
    assertWrong(
        "wrong answer on test 1: expected 16, got 8", grade(reference, "print(2 * int(input()))"));
  }

  @Test
  void aCrashIsWrongWithItsError() {
    assertWrong(
        "crashed on test 1: ZeroDivisionError: division by zero", grade(SUM, "print(1 / 0)"));
    Verdict syntax = grade(SUM, "def f(:\n    pass");
    assertFalse(syntax.correct());
    assertTrue(syntax.reason().startsWith("crashed: SyntaxError: "), syntax.reason());
  }

  @Test
  void anInfiniteLoopTimesOutOnCpuAndASleeperOnWallTime() {
    long start = System.nanoTime();
    // The CPU-bound programs get a longer wall limit, so that a busy machine (where a second of
    // CPU takes longer than 3 s of wall time) cannot reach it first; ignoring SIGXCPU leaves the
    // kernel's SIGKILL at the hard limit, a second later.
    CodeGrader patient =
        new CodeGrader(
            new CodeLimits(Duration.ofSeconds(10), LIMITS.cpu(), LIMITS.memoryBytes(), 1024),
            "python3");
    assertWrong(
        "timed out after 1 s of CPU time", patient.grade(SUM, answer("while True:\n    pass")));
    assertWrong("timed out after 3 s", grade(SUM, "import time\ntime.sleep(60)"));
    String ignoresSigxcpu =
        "import signal\nsignal.signal(signal.SIGXCPU, signal.SIG_IGN)\nwhile 1: pass";
    assertWrong("timed out after 1 s of CPU time", patient.grade(SUM, answer(ignoresSigxcpu)));
    assertTrue(Duration.ofNanos(System.nanoTime() - start).toSeconds() < 20);
  }

  @Test
  void aMemoryBombExceedsTheMemoryLimit() {
    assertWrong(
        "exceeded memory limit of 256 MB",
        grade(SUM, "blocks = []\nwhile True:\n    blocks.append(' ' * 10**7)"));
    assertWrong("exceeded memory limit of 256 MB", grade(SUM, "print(len('x' * 10**10))"));
  }

  @Test
  void aForkBombOrASubprocessIsRefused() {
    assertWrong("tried to start a process", grade(SUM, "import os\nwhile True:\n    os.fork()"));
    assertWrong(
        "tried to start a process",
        grade(SUM, "import subprocess\nprint(subprocess.run(['echo', '3']).returncode)"));
  }

  @Test
  void aSocketIsRefusedEvenWhenTheProgramCatchesTheError() {
    assertWrong(
        "tried to open a socket",
        grade(SUM, "import socket\nsocket.create_connection(('example.com', 80))"));
    assertWrong(
        "tried to open a socket",
        grade(
            SUM,
            "import _socket\ntry:\n    _socket.socket()\nexcept OSError:\n    pass\n"
                + "print(sum(map(int, input().split())))"));
  }

  @Test
  void filesOutsideItsFolderAreRefusedAndItsOwnFolderIsFree() throws Exception {
    Path outside = Path.of("/tmp", "distill-code-grader-" + ProcessHandle.current().pid());
    Files.deleteIfExists(outside);
    assertWrong(
        "tried to open a file outside its folder",
        grade(SUM, "open('" + outside + "', 'w').write('x')\nprint(3)"));
    assertFalse(Files.exists(outside));
    assertWrong(
        "tried to open a file outside its folder", grade(SUM, "print(open('/etc/passwd').read())"));
    assertWrong(
        "tried to open a file outside its folder",
        grade(SUM, "import os\nos.symlink('/etc/passwd', 'p')\nprint(open('p').read())"));
    assertTrue(
        grade(
                SUM,
                "open('note.txt', 'w').write(input())\n"
                    + "print(sum(map(int, open('note.txt').read().split())))")
            .correct());
  }

  @Test
  void itsFolderIsDeletedAfterwards() {
    Verdict verdict = grade(SUM, "import os\nprint(os.getcwd())");
    String got = verdict.reason().substring(verdict.reason().indexOf("got ") + 4);
    assertTrue(got.contains("distill-code-"), got);
    assertFalse(Files.exists(Path.of(got)), got);
  }

  @Test
  void hugeOutputIsCut() {
    assertWrong("output over 64 KB", grade(SUM, "while True:\n    print('x' * 1000)"));
    assertWrong(
        "output over 64 KB",
        grade(SUM, "import sys\nwhile True:\n    sys.stderr.write('y' * 1000)"));
  }

  @Test
  void aResponseWithoutAProgramIsWrong() {
    Verdict none = grader.grade(SUM, "The answer is to add the numbers: print(a + b).");
    assertWrong("no program found", none);
    assertNull(none.extracted());
    assertEquals(
        "print(2)\n",
        CodeGrader.program(
            "```python\nprint(1)\n```\ntext\n```\nprint(2)\n```\n```text\noutput\n```\n```py"
                + "\nprint(3)"));
  }

  @Test
  void programsGradedInParallelRunInParallel() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<Verdict>> verdicts = new ArrayList<>();
      long start = System.nanoTime();
      for (int i = 0; i < 8; i++) {
        String program =
            i % 2 == 0
                ? "import time\ntime.sleep(0.5)\nprint(sum(map(int, input().split())))"
                : "import time\ntime.sleep(0.5)\nprint(0)";
        verdicts.add(pool.submit(() -> grade(SUM, program)));
      }
      for (int i = 0; i < 8; i++) {
        Verdict verdict = verdicts.get(i).get();
        assertEquals(i % 2 == 0, verdict.correct(), verdict::toString);
      }
      // One after another they sleep 6 s: the right ones run both tests, the wrong ones stop at
      // one.
      assertTrue(Duration.ofNanos(System.nanoTime() - start).toMillis() < 4500);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void anInterruptedCallerGetsACancellationAndTheProgramIsKilled() {
    long start = System.nanoTime();
    Thread.currentThread().interrupt();
    try {
      assertThrows(CancellationException.class, () -> grade(SUM, "import time\ntime.sleep(60)"));
      assertTrue(Thread.interrupted());
    } finally {
      Thread.interrupted();
    }
    assertTrue(Duration.ofNanos(System.nanoTime() - start).toMillis() < 2500);
  }

  @Test
  void withoutPythonTheGraderSaysHowToInstallIt() {
    CodeGraderUnavailableException e =
        assertThrows(
            CodeGraderUnavailableException.class,
            () -> new CodeGrader(LIMITS, "/nonexistent/python3"));
    assertTrue(e.getMessage().contains("apt-get install python3"), e.getMessage());
    assertTrue(e.getMessage().contains("'/nonexistent/python3'"), e.getMessage());
  }

  @Test
  void anInvalidReferenceIsTheCallersError() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                grader.grade(
                    "{\"tests\": [{\"input\": \"[1\", \"testtype\": \"functional\"}]}",
                    answer("print(1)")));
    assertTrue(e.getMessage().startsWith("The code grader's reference is not valid"));
  }
}
