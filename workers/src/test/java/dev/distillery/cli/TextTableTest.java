package dev.distillery.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Tables fitted into a terminal's width: cut cells, narrowed columns, left-out columns named. */
class TextTableTest {
  private static final List<String> HEADER = List.of("experiment", "path", "method", "rows");
  private static final List<List<String>> ROWS =
      List.of(
          List.of(
              "source-01",
              "s3://your-bucket/openthoughts3/math/sources/01.jsonl.zst",
              "llm-difficulty-with-a-rubric",
              "31600"),
          List.of(
              "source-02",
              "s3://your-bucket/openthoughts3/math/sources/02.jsonl.zst",
              "random",
              "7"));

  @Test
  void aTableThatFitsIsPrintedInFull() {
    String out = print(TableWidth.UNLIMITED);
    assertTrue(out.contains("s3://your-bucket/openthoughts3/math/sources/01.jsonl.zst"), out);
    assertEquals(out, print(200), "a width it fits in changes nothing");
  }

  @Test
  void aWideTableIsCutToTheWidthKeepingNamesAndTheEndsOfPaths() {
    String out = print(60);
    out.lines().forEach(l -> assertTrue(l.length() <= 60, l.length() + ": " + l));
    assertTrue(out.startsWith("experiment  path"), out);
    assertTrue(out.lines().anyMatch(l -> l.matches("source-01 +s3:.*")), out);
    assertTrue(out.contains("01.jsonl.zst") && out.contains("02.jsonl.zst"), out);
    assertTrue(out.contains("…"), out);
    assertTrue(out.contains("llm-diff"), "a word is cut at its end: " + out);
  }

  @Test
  void columnsThatCannotFitAreLeftOutAndNamed() {
    String out = print(25);
    out.lines()
        .filter(l -> !l.startsWith("("))
        .forEach(l -> assertTrue(l.length() <= 25, l.length() + ": " + l));
    assertTrue(
        out.contains(
            "(2 columns left out to fit in 25 characters, `--wide` shows them: method, rows.)"),
        out);
  }

  @Test
  void theFirstColumnIsNeverCut() {
    String name = "method-exact_n-16_questions-1975_seed-100_temperature-0.7";
    StringWriter text = new StringWriter();
    try (PrintWriter out = new PrintWriter(text)) {
      TextTable.print(List.of("experiment", "n"), List.of(List.of(name, "16")), out, 40);
    }
    assertTrue(text.toString().contains(name), text.toString());
  }

  @Test
  void cutsKeepTheWidth() {
    assertEquals("llm-diff…", TextTable.cut("llm-difficulty", 9));
    assertEquals("s3:/…01.jsonl", TextTable.cut("s3://bucket/a/b/01.jsonl", 13));
    assertEquals("short", TextTable.cut("short", 9));
  }

  private static String print(int width) {
    StringWriter text = new StringWriter();
    try (PrintWriter out = new PrintWriter(text)) {
      TextTable.print(HEADER, ROWS, out, width);
    }
    return text.toString();
  }
}
