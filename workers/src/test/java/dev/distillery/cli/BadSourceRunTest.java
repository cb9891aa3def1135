package dev.distillery.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code distill run} on a source file with a broken line: the experiment fails with the file, the
 * line and the fix; with {@code on_bad_row: skip} it succeeds and the line is in the dropped rows.
 */
class BadSourceRunTest {
  @TempDir Path home;

  @Test
  void aBrokenLineFailsTheRunUntilSkippedThenItIsInTheDroppedRows() throws IOException {
    Path data = home.resolve("q.jsonl");
    Files.writeString(
        data,
        "{\"question\":\"What is 1+1?\"}\n{\"question\":\"What is 2+\n{\"question\":\"3?\"}\n");
    String recipe =
        """
        recipe: bad-source
        stages:
          - id: source
            kind: source
            params: {path: "%s"%s}
        """;
    Path strict = home.resolve("strict.yaml");
    Files.writeString(strict, recipe.formatted(data, ""));
    CliHarness cli = new CliHarness(home);

    assertEquals(ExitCodes.FAILED, cli.run("run", strict.toString()), cli.out + cli.err);
    assertTrue(cli.out.contains("line 2 of '" + data + "' is not valid JSON"), cli.out);
    assertTrue(cli.out.contains("set params.on_bad_row: skip"), cli.out);
    assertFalse(cli.out.contains("\tat ") || cli.err.contains("\tat "), "no stack trace");

    Path lenient = home.resolve("lenient.yaml");
    Files.writeString(lenient, recipe.formatted(data, ", on_bad_row: skip"));
    assertEquals(ExitCodes.OK, cli.run("run", lenient.toString()), cli.out + cli.err);
    assertEquals(ExitCodes.OK, cli.run("artifacts", "ls", "source"), cli.err);
    String key = cli.out.lines().skip(1).findFirst().orElseThrow().split("\\s+")[1];
    assertEquals(ExitCodes.OK, cli.run("artifacts", "cat", "source/" + key, "--dropped"), cli.err);
    assertTrue(cli.out.contains("\"reason\":\"malformed_json\""), cli.out);
    assertTrue(cli.out.contains("\"line\":2"), cli.out);
    assertTrue(cli.out.contains("\"text\":\"{\\\"question\\\":\\\"What is 2+\""), cli.out);
  }
}
