package dev.distillery.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code distill plan} expands a sweep and counts the unique stages the store already holds; {@code
 * distill ls} lists the sweeps whose plans the store keeps.
 */
class PlanCommandTest {
  @TempDir Path home;

  @Test
  void listsExperimentsAndUniqueStagesAndWhatIsStored() throws Exception {
    Path sweep = home.resolve("sweep.yaml");
    TestRecipes.tinyDedupRecipe(home);
    Files.writeString(
        sweep,
        """
        sweep: tiny
        recipe: recipe.yaml
        grid:
          stages.dedup.method: [exact, none]
        """);
    CliHarness cli = new CliHarness(home);

    assertEquals(0, cli.run("ls"), cli.err);
    assertTrue(cli.out.contains("No sweeps"), cli.out);
    assertEquals(0, cli.run("plan", sweep.toString()), cli.err);
    assertTrue(cli.out.contains("2 experiments"), cli.out);
    assertTrue(cli.out.contains("\n3 unique stages:\n"), cli.out);
    assertTrue(cli.out.contains("0 of 3 unique stages are in the store"), cli.out);

    assertEquals(0, cli.run("run", home.resolve("recipe.yaml").toString()), cli.err + cli.out);
    assertEquals(0, cli.run("plan", sweep.toString()), cli.err);
    assertTrue(
        cli.out.contains("2 of 3 unique stages are in the store"),
        "the recipe's source and exact dedup were run: " + cli.out);
    assertEquals(0, cli.run("ls"), cli.err);
    assertTrue(cli.out.lines().anyMatch(l -> l.matches("tiny +tiny +1 +-")), cli.out);
  }

  /**
   * Issue 18: every shipped sweep's plan fits in 100 characters (the question-filtering ablation's
   * was 335 wide), its axes under short names explained below the table; {@code --wide} and {@code
   * COLUMNS} widen it.
   */
  @Test
  void everyShippedSweepsPlanFitsInATerminal() throws Exception {
    List<Path> sweeps;
    try (Stream<Path> files = Files.walk(Path.of(CliHarness.repo("recipes")))) {
      sweeps =
          files
              .filter(f -> f.toString().endsWith(".yaml"))
              .filter(f -> read(f).lines().anyMatch(l -> l.startsWith("sweep:")))
              .sorted()
              .toList();
    }
    assertTrue(sweeps.size() >= 7, "the demo and the ablations: " + sweeps);
    CliHarness cli = new CliHarness(home);
    for (Path sweep : sweeps) {
      assertEquals(0, cli.run("plan", sweep.toString()), sweep + ": " + cli.err);
      cli.out
          .lines()
          .forEach(l -> assertTrue(l.length() <= 100, sweep + ", " + l.length() + ": " + l));
    }
    Path filtering =
        Path.of(CliHarness.repo("recipes/openthoughts3/ablations/3-question-filtering.yaml"));
    assertEquals(0, cli.run("plan", filtering.toString()), cli.err);
    assertTrue(cli.out.contains("  EXPERIMENT       method"), cli.out);
    assertTrue(cli.out.contains("\n  method       stages.filter.method\n"), "a legend: " + cli.out);
    assertFalse(
        cli.out.contains("s3://your-bucket/openthoughts3/math/filter/positives.jsonl"), cli.out);

    assertEquals(0, cli.run("plan", "--wide", filtering.toString()), cli.err);
    assertTrue(
        cli.out.contains("[\"s3://your-bucket/openthoughts3/math/filter/positives.jsonl\"]"),
        cli.out);
    cli.env.put("COLUMNS", "160");
    assertEquals(0, cli.run("plan", filtering.toString()), cli.err);
    assertTrue(cli.out.contains("  embedding        embedding"), cli.out);
    assertTrue(cli.out.lines().anyMatch(l -> l.length() > 100), "COLUMNS widens: " + cli.out);
    cli.out.lines().forEach(l -> assertTrue(l.length() <= 160, l.length() + ": " + l));
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void seedsCloserThanTheTeachersSamplesAreWarnedAbout() throws Exception {
    Files.writeString(
        home.resolve("recipe.yaml"),
        """
        recipe: seeded
        stages:
          - id: source
            kind: synthetic-arithmetic
            params: {count: 5, seed: 1}
          - id: teacher
            kind: teacher
            params: {base_url: "simulated://", model: simulated-teacher, n: 16}
        """);
    Path close = home.resolve("close.yaml");
    Files.writeString(
        close,
        "sweep: close\nrecipe: recipe.yaml\nseeds: {stages: [teacher], values: [1, 2, 3]}\n");
    Path spaced = home.resolve("spaced.yaml");
    Files.writeString(
        spaced,
        "sweep: spaced\nrecipe: recipe.yaml\nseeds: {stages: [teacher], values: [0, 16, 100]}\n");
    CliHarness cli = new CliHarness(home);

    assertEquals(0, cli.run("plan", close.toString()), cli.err);
    assertTrue(
        cli.out.contains(
            "Warning: stage 'teacher' samples 16 answers per prompt with seeds 1 and 2, which"
                + " share 15 of them"),
        cli.out);
    assertEquals(0, cli.run("plan", spaced.toString()), cli.err);
    assertTrue(!cli.out.contains("Warning"), cli.out);
  }
}
