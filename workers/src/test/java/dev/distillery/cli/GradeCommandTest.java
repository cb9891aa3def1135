package dev.distillery.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code distill grade} prints a verdict per row and a summary; bad rows are named by line. */
class GradeCommandTest {
  @TempDir Path dir;

  @Test
  void gradesCodeRowsWithTheSandboxedCodeGrader() throws Exception {
    Path file = dir.resolve("code.jsonl");
    String tests =
        "{\\\"tests\\\": [{\\\"input\\\": \\\"2 3\\\\n\\\", \\\"output\\\": \\\"5\\\","
            + " \\\"testtype\\\": \\\"stdin\\\"}]}";
    Files.write(
        file,
        List.of(
            "{\"type\": \"code\", \"reference\": \""
                + tests
                + "\", \"response\": \"```python\\na, b = map(int, input().split())\\nprint(a + b)\\n```\"}",
            "{\"type\": \"code\", \"reference\": \""
                + tests
                + "\", \"response\": \"```python\\nprint(6)\\n```\"}"));
    CliHarness cli = new CliHarness(dir);

    assertEquals(ExitCodes.OK, cli.run("grade", file.toString()), cli.out + cli.err);
    List<String> lines = cli.out.lines().toList();
    assertTrue(lines.get(0).startsWith("1\tcorrect\tcode\t"), cli.out);
    assertTrue(lines.get(1).startsWith("2\twrong\tcode\t"), cli.out);
    assertTrue(cli.out.contains("\ncode: 1 of 2 correct (50.0%)\n"), cli.out);
  }

  @Test
  void gradesEachRowAndSummarizesPerType() throws Exception {
    Path file = dir.resolve("pairs.jsonl");
    Files.write(
        file,
        List.of(
            "{\"reference\": \"\\\\frac{1}{2}\", \"response\": \"So \\\\boxed{0.5}.\","
                + " \"type\": \"math\"}",
            "{\"reference\": \"4\", \"response\": \"It is \\\\boxed{5}\"}",
            "",
            "{\"reference\": \"B\", \"response\": \"Answer: B\", \"type\": \"multiple-choice\"}",
            "{\"reference\": \"B\", \"response\": \"\\\\boxed{C}\", \"type\": \"multiple-choice\"}",
            "{\"reference\": \"7\", \"response\": \"no idea\", \"type\": \"math\"}"));
    CliHarness cli = new CliHarness(dir);

    assertEquals(ExitCodes.OK, cli.run("grade", file.toString()), cli.err);

    List<String> lines = cli.out.lines().toList();
    assertEquals("1\tcorrect\tmath\t0.5", lines.get(0));
    assertTrue(lines.get(1).startsWith("2\twrong\tmath\t5\tnot equivalent"), lines.get(1));
    assertEquals("4\tcorrect\tmultiple-choice\tB", lines.get(2));
    assertEquals("5\twrong\tmultiple-choice\tC\tchose C, the answer is B", lines.get(3));
    assertTrue(lines.get(4).startsWith("6\twrong\tmath\t"), lines.get(4));
    assertTrue(cli.out.contains("\nmath: 1 of 3 correct (33.3%)\n"), cli.out);
    assertTrue(cli.out.contains("\nmultiple-choice: 1 of 2 correct (50.0%)\n"), cli.out);
    assertTrue(cli.out.endsWith("all: 2 of 5 correct (40.0%)\n"), cli.out);
  }

  @Test
  void aBadRowIsOneParagraphNamingFileAndLineWithExit2() throws Exception {
    String good = "{\"reference\": \"1\", \"response\": \"\\\\boxed{1}\"}";
    for (String bad :
        List.of(
            "{\"reference\": \"1\", \"response\": ",
            "[1, 2]",
            "{\"reference\": \"1\"}",
            "{\"reference\": 1, \"response\": \"1\"}",
            "{\"reference\": \"1\", \"response\": \"1\", \"type\": \"maths\"}",
            "{\"reference\": \"1\", \"response\": \"1\", \"type\": \"code\"}")) {
      Path file = dir.resolve("bad.jsonl");
      Files.write(file, List.of(good, good, bad, good));
      CliHarness cli = new CliHarness(dir);

      assertEquals(ExitCodes.INVALID_INPUT, cli.run("grade", file.toString()), bad);

      assertTrue(cli.err.startsWith("error: " + file + ":3: "), cli.err);
      assertEquals(1, cli.err.strip().lines().count(), cli.err);
      assertFalse(cli.err.contains("Exception"), cli.err);
      assertEquals("", cli.out, "nothing is graded from a file with a bad row");
    }

    CliHarness cli = new CliHarness(dir);
    assertEquals(ExitCodes.INVALID_INPUT, cli.run("grade", dir.resolve("none.jsonl").toString()));
    assertTrue(cli.err.contains("none.jsonl: no such file"), cli.err);
  }
}
