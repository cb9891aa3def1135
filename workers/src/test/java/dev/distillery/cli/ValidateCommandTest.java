package dev.distillery.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code distill validate} prints located problems and exits 2; the loader tests cover more. */
class ValidateCommandTest {
  @TempDir Path dir;

  @Test
  void theShippedRecipesAreValid() {
    CliHarness cli = new CliHarness(dir);
    assertEquals(
        ExitCodes.OK,
        cli.run(
            "validate",
            CliHarness.repo("recipes/demo/recipe.yaml"),
            CliHarness.repo("recipes/demo/sweep.yaml")),
        cli.err);
    // 12 data stages (source and dedup shared) plus a train and an eval per experiment.
    assertTrue(cli.out.contains("4 experiments, 20 unique stages"), cli.out);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "unknown kind    | 'recipe: r\\nstages:\\n  - id: a\\n    kind: dedupe\\n' | 4:11 | unknown stage kind 'dedupe'",
        "yaml syntax     | 'recipe: r\\nstages: [\\n' | 3:1 | ",
        "unknown key     | 'recipe: r\\ncolour: red\\nstages:\\n  - id: a\\n    kind: synthetic-arithmetic\\n    params: {count: 1}\\n' | 2:1 | colour",
        "wrong type      | 'recipe: r\\nstages:\\n  - id: a\\n    kind: synthetic-arithmetic\\n    params: {count: many}\\n' | 5:21 | count",
        "missing param   | 'recipe: r\\nstages:\\n  - id: a\\n    kind: synthetic-arithmetic\\n' | 3:5 | count",
        "duplicate id    | 'recipe: r\\nstages:\\n  - id: a\\n    kind: synthetic-arithmetic\\n    params: {count: 1}\\n  - id: a\\n    kind: dedup\\n' | 6:9 | duplicate",
        "dataset path    | 'recipe: r\\nstages:\\n  - id: a\\n    kind: synthetic-arithmetic\\n    params: {count: 1}\\n  - id: e\\n    kind: export\\n    params: {dataset_name: ../../../tmp/x}\\n' | 8:28 | param 'dataset_name' of stage 'e' must be a name of",
        "absolute name   | 'recipe: r\\nstages:\\n  - id: a\\n    kind: synthetic-arithmetic\\n    params: {count: 1}\\n  - id: e\\n    kind: export\\n    params: {dataset_name: /tmp/x}\\n' | 8:28 | must be a name of",
        "sweep name ..   | 'sweep: a..b\\nrecipe:\\n  recipe: r\\n  stages:\\n    - id: a\\n      kind: synthetic-arithmetic\\n      params: {count: 1}\\n' | 1:8 | without '..'",
      })
  void aMalformedRecipeIsLocatedAndExitsTwo(
      String name, String yaml, String location, String phrase) throws IOException {
    Path file = dir.resolve("bad.yaml");
    Files.writeString(file, yaml.replace("\\n", "\n"));
    CliHarness cli = new CliHarness(dir);

    assertEquals(ExitCodes.INVALID_INPUT, cli.run("validate", file.toString()), cli.out);
    assertTrue(cli.err.contains(file + ":" + location + ":"), cli.err);
    if (phrase != null) {
      assertTrue(cli.err.contains(phrase), cli.err);
    }
    assertFalse(cli.err.contains("\tat "), "no stack trace: " + cli.err);
  }

  /** Values that parse but would waste a run are located too: see ValueChecksTest for more. */
  @Test
  void aMisspelledPlaceholderADuplicateGridValueAndABadSchemeExitTwo() throws IOException {
    Path sweep = dir.resolve("sweep.yaml");
    Files.writeString(
        sweep,
        """
        sweep: s
        recipe:
          recipe: r
          stages:
            - {id: source, kind: synthetic-arithmetic, params: {count: 4}}
            - id: teacher
              kind: teacher
              params: {base_url: "htp://localhost:8000/v1", model: m, prompt_template: "{quesiton}"}
        grid:
          stages.teacher.temperature: [0.6, 0.60]
        """);
    CliHarness cli = new CliHarness(dir);

    assertEquals(ExitCodes.INVALID_INPUT, cli.run("validate", sweep.toString()), cli.out);
    assertTrue(cli.err.contains(sweep + ":8:26: param 'base_url'"), cli.err);
    assertTrue(cli.err.contains("hint: did you mean http://localhost:8000/v1?"), cli.err);
    assertTrue(cli.err.contains(sweep + ":8:80: param 'prompt_template'"), cli.err);
    assertTrue(cli.err.contains("did you mean {question}?"), cli.err);
    assertTrue(cli.err.contains(sweep + ":10:37: grid axis 'stages.teacher.temperature'"), cli.err);
    assertFalse(cli.err.contains("\tat "), "no stack trace: " + cli.err);
  }

  @Test
  void aMisspeltStagesKeyIsNamedWithADidYouMean() throws IOException {
    Path file = dir.resolve("typo.yaml");
    Files.writeString(
        file,
        "recipe: r\nstagez:\n  - id: a\n    kind: synthetic-arithmetic\n    params: {count: 1}\n");
    CliHarness cli = new CliHarness(dir);

    assertEquals(ExitCodes.INVALID_INPUT, cli.run("validate", file.toString()), cli.out);
    assertTrue(cli.err.contains(file + ":2:1: unknown key 'stagez' in recipe"), cli.err);
    assertTrue(cli.err.contains("did you mean 'stages'?"), cli.err);
    assertFalse(cli.err.contains("missing"), "one problem, the typo: " + cli.err);
    assertTrue(cli.err.contains("1 problem found."), cli.err);
  }

  @Test
  void aMissingLocalFileIsLocatedInValidateAndPlanWithThePathLookedFor() throws IOException {
    Path folder = Files.createDirectories(dir.resolve("study"));
    Files.writeString(folder.resolve("questions.jsonl"), "{\"question\": \"1+1?\"}\n");
    Path recipe = folder.resolve("recipe.yaml");
    Files.writeString(
        recipe,
        """
        recipe: r
        stages:
          - {id: source, kind: source, params: {path: questions.jsonl}}
          - {id: decon, kind: decontaminate, params: {benchmarks: [bench/aime.jsonl]}}
        """);
    CliHarness cli = new CliHarness(dir);

    for (String command : new String[] {"validate", "plan"}) {
      assertEquals(ExitCodes.INVALID_INPUT, cli.run(command, recipe.toString()), cli.out);
      assertTrue(
          cli.err.contains(
              recipe + ":4:60: stage 'decon' reads 'bench/aime.jsonl' (param 'benchmarks')"),
          command + ": " + cli.err);
      assertTrue(
          cli.err.contains(
              "hint: looked for " + folder.toAbsolutePath().resolve("bench/aime.jsonl")),
          cli.err);
      assertFalse(cli.err.contains("questions.jsonl"), "it exists beside the recipe: " + cli.err);
      assertFalse(cli.err.contains("\tat "), "no stack trace: " + cli.err);
    }

    Files.createDirectories(folder.resolve("bench"));
    Files.writeString(folder.resolve("bench/aime.jsonl"), "{\"question\": \"2+2?\"}\n");
    assertEquals(ExitCodes.OK, cli.run("validate", recipe.toString()), cli.err);
  }

  @Test
  void everyFileIsCheckedAndEveryProblemPrinted() throws IOException {
    Path unknownKind = dir.resolve("a.yaml");
    Files.writeString(unknownKind, "recipe: a\nstages:\n  - id: a\n    kind: dedupe\n");
    Path good = dir.resolve("b.yaml");
    Files.writeString(
        good,
        "recipe: b\nstages:\n  - id: a\n    kind: synthetic-arithmetic\n    params: {count: 1}\n");
    Path missing = dir.resolve("c.yaml");
    CliHarness cli = new CliHarness(dir);

    assertEquals(
        ExitCodes.INVALID_INPUT,
        cli.run("validate", unknownKind.toString(), good.toString(), missing.toString()),
        cli.out);
    assertTrue(cli.err.contains(unknownKind + ":4:11: unknown stage kind 'dedupe'"), cli.err);
    assertTrue(cli.out.contains(good + ": ok (sweep 'b', 1 experiment, 1 unique stage)"), cli.out);
    assertTrue(cli.err.contains("no such file: " + missing), cli.err);
    assertTrue(cli.err.contains("2 of 3 files have problems."), cli.err);
    assertFalse(cli.err.contains("\tat "), "no stack trace: " + cli.err);
  }

  @Test
  void aBinaryFileIsNotReadAsARecipe() throws IOException {
    Path file = dir.resolve("model.yaml");
    Files.write(file, new byte[] {(byte) 0x89, 'P', 'N', 'G', 0, 0, (byte) 0xff, (byte) 0xfe});
    CliHarness cli = new CliHarness(dir);

    assertEquals(ExitCodes.INVALID_INPUT, cli.run("validate", file.toString()), cli.err);
    assertTrue(cli.err.contains(file + " is not a text file"), cli.err);
    assertFalse(cli.err.contains("looks like a bug") || cli.err.contains("\tat "), cli.err);
  }

  @Test
  void aFolderIsNotAFile() {
    CliHarness cli = new CliHarness(dir);

    assertEquals(ExitCodes.INVALID_INPUT, cli.run("validate", dir.toString()), cli.err);
    assertTrue(cli.err.contains(dir + " is a folder"), cli.err);
    assertTrue(cli.err.contains("*.yaml"), "the fix: " + cli.err);
    assertFalse(cli.err.contains("looks like a bug") || cli.err.contains("\tat "), cli.err);
  }
}
