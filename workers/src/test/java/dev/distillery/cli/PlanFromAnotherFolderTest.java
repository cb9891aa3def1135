package dev.distillery.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code distill plan} of a recipe whose source names a file relative to the recipe gives the same
 * content addresses whatever folder it is run from (relative paths used to resolve against the
 * working directory, so a plan from elsewhere showed other keys or no file at all).
 */
class PlanFromAnotherFolderTest {
  private static final Pattern KEY = Pattern.compile("\\b[0-9a-f]{12}\\b");

  @TempDir Path dir;

  @Test
  void planFromAnotherFolderGivesTheSameKeys() throws Exception {
    Path data = Files.createDirectories(dir.resolve("data"));
    Files.writeString(
        data.resolve("questions.jsonl"),
        "{\"question\": \"What is 2 + 2?\"}\n{\"question\": \"What is 3 + 5?\"}\n");
    Files.writeString(
        data.resolve("recipe.yaml"),
        """
        recipe: relative
        stages:
          - id: source
            kind: source
            params: {path: questions.jsonl}
          - id: dedup
            kind: dedup
        """);
    Path home = dir.resolve("home");

    CliHarness here = new CliHarness(home);
    assertEquals(ExitCodes.OK, here.run("plan", data.resolve("recipe.yaml").toString()), here.err);

    Path elsewhere = Files.createDirectories(dir.resolve("elsewhere"));
    Path log = dir.resolve("plan.log");
    Process there =
        DistillProcess.startIn(
            elsewhere,
            List.of(),
            Map.of("DISTILL_HOME", home.toString()),
            log,
            "plan",
            "../data/recipe.yaml");
    assertTrue(there.waitFor(120, TimeUnit.SECONDS), "plan did not end");
    String output = Files.readString(log);
    assertEquals(ExitCodes.OK, there.exitValue(), output);

    TreeSet<String> keysHere = keys(here.out);
    assertEquals(2, keysHere.size(), here.out);
    assertEquals(keysHere, keys(output), output);
    assertFalse(output.contains("Exception"), output);
  }

  private static TreeSet<String> keys(String text) {
    TreeSet<String> keys = new TreeSet<>();
    Matcher m = KEY.matcher(text);
    while (m.find()) {
      keys.add(m.group());
    }
    return keys;
  }
}
