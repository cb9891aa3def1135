package dev.distillery.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.distillery.recipe.StageKinds;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code distill kinds} prints the catalogue that validation uses. */
class KindsCommandTest {
  @TempDir Path dir;

  @Test
  void listsEveryKindAndOneKindsParamsWithDefaults() {
    CliHarness cli = new CliHarness(dir);
    assertEquals(ExitCodes.OK, cli.run("kinds"), cli.err);
    for (String kind : StageKinds.names()) {
      assertTrue(cli.out.contains("\n" + kind + " "), kind + " in\n" + cli.out);
    }

    assertEquals(ExitCodes.OK, cli.run("kinds", "decontaminate"), cli.err);
    assertTrue(cli.out.startsWith("decontaminate (version 5, 1 input): "), cli.out);
    assertTrue(
        cli.out.lines().anyMatch(l -> l.matches("threshold\\s+a number\\s+75\\s+.*")), cli.out);
    assertTrue(cli.out.lines().anyMatch(l -> l.matches("benchmarks\\s+.*\\s+required\\s+.*")));
    assertTrue(
        cli.out.lines().anyMatch(l -> l.matches("tokenizer\\s+a string\\s+with ngram_unit.*")),
        cli.out);

    assertEquals(ExitCodes.OK, cli.run("kinds", "teacher"), cli.err);
    assertTrue(
        cli.out.lines().anyMatch(l -> l.matches("concurrency\\s+an integer\\s+8\\s+tuning.*")));
  }

  /**
   * docs/kinds.md is what {@code distill kinds --markdown} prints: a param added, renamed or given
   * a new default or doc without the page written again fails here. Write it again with {@code
   * ./distill kinds --markdown > docs/kinds.md}.
   */
  @Test
  void theReferencePageIsTheCatalogueAsItIsNow() throws IOException {
    CliHarness cli = new CliHarness(dir);
    assertEquals(ExitCodes.OK, cli.run("kinds", "--markdown"), cli.err);
    for (String kind : StageKinds.names()) {
      assertTrue(cli.out.contains("\n## " + kind + "\n"), kind + " in\n" + cli.out);
    }
    assertTrue(
        cli.out.contains("| `threshold` | a number | `75` |  | "), "decontaminate's threshold row");
    Path page = Path.of("..", "docs", "kinds.md");
    assertEquals(
        cli.out,
        Files.readString(page),
        page.toAbsolutePath().normalize()
            + " is out of date: ./distill kinds --markdown > docs/kinds.md");
  }

  @Test
  void anUnknownKindIsAUserError() {
    CliHarness cli = new CliHarness(dir);
    assertEquals(ExitCodes.INVALID_INPUT, cli.run("kinds", "dedupe"));
    assertTrue(cli.err.contains("There is no stage kind 'dedupe'"), cli.err);
    assertTrue(!cli.err.contains("Exception"), cli.err);
  }
}
