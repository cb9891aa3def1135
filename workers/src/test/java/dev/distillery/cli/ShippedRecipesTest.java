package dev.distillery.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every recipe and sweep file under {@code recipes/} passes {@code distill validate}, run through
 * the real command line, so a recipe broken by a catalogue change fails the build. The
 * OpenThoughts3 ablation sweeps also keep the study's design (experiment counts), and broken copies
 * of the shipped files are refused.
 */
class ShippedRecipesTest {
  private static final Path RECIPES = Path.of(CliHarness.repo("recipes"));
  private static final Path OT3 = RECIPES.resolve("openthoughts3");

  @TempDir Path dir;

  @TestFactory
  Stream<DynamicTest> everyRecipeFileValidates() throws IOException {
    List<Path> files = yamlFiles();
    for (String expected :
        List.of(
            "demo/sweep.yaml",
            "openthoughts3/math.yaml",
            "openthoughts3/code.yaml",
            "openthoughts3/science.yaml",
            "openthoughts3/ablations/4-dedup-answers.yaml")) {
      assertTrue(files.contains(RECIPES.resolve(expected)), expected + " in " + files);
    }
    return files.stream()
        .map(
            file ->
                DynamicTest.dynamicTest(
                    RECIPES.relativize(file).toString(),
                    () -> {
                      CliHarness cli = new CliHarness(dir);
                      assertEquals(
                          ExitCodes.OK, cli.run("validate", file.toString()), cli.out + cli.err);
                      assertTrue(cli.out.startsWith(file + ": ok ("), cli.out);
                    }));
  }

  @ParameterizedTest(name = "{0}: {1} experiments")
  // Every arm ends in its own export, so each adds a train and an eval stage of its own.
  @CsvSource({
    "1-sources.yaml,            21, 147", // one per candidate math source
    "2-mixing.yaml,             5,  51", // top 1, 2, 4, 8, 16; the 16 sources shared
    "3-question-filtering.yaml, 6,  41", // six scoring methods after shared sources
    "4-dedup-answers.yaml,      9,  57", // none/exact/fuzzy x (1x31600, 4x7900, 16x1975)
    "5-answer-filtering.yaml,   7,  35", // one shared 4x7900 teacher, seven filters
    "6-teacher.yaml,            2,  16", // QwQ-32B vs DeepSeek-R1
  })
  void theAblationSweepsKeepTheStudysDesign(String file, int experiments, int uniqueStages) {
    CliHarness cli = new CliHarness(dir);
    Path sweep = OT3.resolve("ablations").resolve(file);

    assertEquals(ExitCodes.OK, cli.run("validate", sweep.toString()), cli.err);
    assertTrue(
        cli.out.contains(experiments + " experiments, " + uniqueStages + " unique stages"),
        cli.out);
  }

  @Test
  void theDraftsSourceParamSeedIsRefusedInACopyOfTheMathRecipe() throws IOException {
    String recipe = Files.readString(OT3.resolve("math.yaml"));
    assertTrue(recipe.contains("      sample_seed: 0\n"), "the shipped recipe sets sample_seed");
    Path broken = dir.resolve("math.yaml");
    Files.writeString(broken, recipe.replaceFirst("      sample_seed: 0\n", "      seed: 0\n"));
    CliHarness cli = new CliHarness(dir);

    assertEquals(ExitCodes.INVALID_INPUT, cli.run("validate", broken.toString()), cli.out);
    int line = lineOf(recipe, "      sample_seed: 0");
    assertTrue(cli.err.contains(broken + ":" + line + ":"), cli.err);
    assertTrue(cli.err.contains("seed"), cli.err);
  }

  @Test
  void aCopyOfTheDedupSweepWithUnevenZipAxesIsRefusedAtTheAxis() throws IOException {
    Path copy = dir.resolve("ablations");
    Files.createDirectories(copy);
    try (Stream<Path> files = Files.list(OT3.resolve("ablations"))) {
      for (Path file : files.toList()) {
        Files.copy(file, copy.resolve(file.getFileName()));
      }
    }
    Path sweep = copy.resolve("4-dedup-answers.yaml");
    String text = Files.readString(sweep);
    String zipped = "  stages.teacher.questions: [31600, 7900, 1975]";
    assertTrue(text.contains(zipped), text);
    Files.writeString(sweep, text.replace(zipped, "  stages.teacher.questions: [31600, 7900]"));
    CliHarness cli = new CliHarness(dir);

    assertEquals(ExitCodes.OK, cli.run("validate", copy.resolve("2-mixing.yaml").toString()));
    assertEquals(ExitCodes.INVALID_INPUT, cli.run("validate", sweep.toString()), cli.out);
    assertTrue(cli.err.contains(sweep + ":" + lineOf(text, zipped) + ":"), cli.err);
    assertTrue(cli.err.contains("has 2 values"), cli.err);
  }

  private static List<Path> yamlFiles() throws IOException {
    try (Stream<Path> walk = Files.walk(RECIPES)) {
      return walk.filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml"))
          .sorted()
          .toList();
    }
  }

  /** The 1-based line of the first line of {@code text} that starts with {@code prefix}. */
  private static int lineOf(String text, String prefix) {
    List<String> lines = text.lines().toList();
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).startsWith(prefix)) {
        return i + 1;
      }
    }
    throw new AssertionError("no line starting with " + prefix);
  }
}
