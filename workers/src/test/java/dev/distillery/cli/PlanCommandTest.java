package dev.distillery.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
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
    Files.writeString(
        home.resolve("recipe.yaml"),
        """
        recipe: tiny
        stages:
          - id: source
            kind: synthetic-arithmetic
            params: {count: 5, seed: 1}
          - id: dedup
            kind: dedup
        """);
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
