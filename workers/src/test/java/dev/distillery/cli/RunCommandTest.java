package dev.distillery.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code distill run} on the embedded stack, as a user runs the demo from the README. */
class RunCommandTest {
  private static final Pattern SUMMARY =
      Pattern.compile(
          "(\\d+) of (\\d+) experiments succeeded; stages: (\\d+) computed, (\\d+)"
              + " reused, (\\d+) joined");

  @TempDir Path home;

  /**
   * Every answer is cut at max_tokens inside its reasoning, so export (drop_truncated by default)
   * writes nothing: run says so at the stage's line, in the table and in a warning with the fix,
   * and status says so too; the dropped rows are there to read.
   */
  @Test
  void aStageThatWritesNoRowsIsSaidLoudly() throws IOException {
    Path recipe = home.resolve("truncated.yaml");
    Files.writeString(
        recipe,
        """
        recipe: truncated
        stages:
          - id: source
            kind: synthetic-arithmetic
            params: {count: 12, seed: 1}
          - id: teacher
            kind: teacher
            params: {base_url: "simulated://", model: simulated-teacher, max_tokens: 3}
          - id: export
            kind: export
        """);
    CliHarness cli = new CliHarness(home);

    assertEquals(ExitCodes.OK, cli.run("run", recipe.toString()), cli.err);
    assertTrue(
        cli.out
            .lines()
            .anyMatch(
                l ->
                    l.matches(
                        "base +export +computed +12 -> 0 .*EMPTY \\(dropped: truncated 12\\)")),
        cli.out);
    assertTrue(cli.out.contains("computed EMPTY"), cli.out);
    assertTrue(
        cli.out.contains(
            "WARNING: stage 'export' (export) wrote no rows in base: 12 rows in, dropped"
                + " truncated 12."),
        cli.out);
    assertTrue(cli.out.contains("raise max_tokens"), cli.out);

    String key =
        cli.out
            .lines()
            .filter(l -> l.startsWith("WARNING"))
            .findFirst()
            .orElseThrow()
            .replaceAll(".*`distill artifacts cat (\\w+) --dropped`.*", "$1");
    assertEquals(ExitCodes.OK, cli.run("artifacts", "cat", key, "--dropped", "--limit", "1"));
    assertTrue(cli.out.contains("\"reason\":\"truncated\""), cli.out);

    assertEquals(ExitCodes.OK, cli.run("status", "truncated"), cli.err);
    assertTrue(cli.out.contains("done EMPTY"), cli.out);
    assertTrue(cli.out.contains("WARNING: stage 'export'"), cli.out);
  }

  @Test
  void theDemoSweepRunsThenReusesEverythingAndItsArtifactsVerify() throws IOException {
    CliHarness cli = new CliHarness(home);

    assertEquals(ExitCodes.OK, cli.run("run", CliHarness.repo("recipes/demo/sweep.yaml")), cli.err);
    Matcher cold = summary(cli.out);
    assertEquals("4", cold.group(1));
    assertEquals(20, Integer.parseInt(cold.group(3)), "every unique stage computed once");
    assertEquals(28, sum(cold, 3, 4, 5), "7 stages x 4 experiments");
    assertTrue(cli.out.contains("keep-0.25_n-1"), cli.out);
    // The run ends by writing the report (data, simulated fine-tune, eval) and saying where.
    Path report = home.resolve("reports/demo/index.html");
    assertTrue(cli.out.contains("Report: " + report.toUri()), cli.out);
    assertTrue(Files.readString(report).contains("eval.arithmetic"), "the report shows scores");
    // The simulated student learns more from more rows: the arm with 4x the training rows of
    // the smallest scores higher, by far more than the noise (~0.2 apart, std_err ~0.03).
    assertEquals(ExitCodes.OK, cli.run("results", "demo", "--format", "json"), cli.err);
    Map<String, Double> scores = new HashMap<>();
    for (JsonNode row : SweepClient.JSON.readTree(cli.out)) {
      scores.put(
          row.get("experiment").asText(), row.get("metrics").get("eval.arithmetic").asDouble());
    }
    assertTrue(scores.get("keep-0.5_n-2") > scores.get("keep-0.25_n-1") + 0.1, scores.toString());

    assertEquals(ExitCodes.OK, cli.run("run", CliHarness.repo("recipes/demo/sweep.yaml")), cli.err);
    Matcher warm = summary(cli.out);
    assertEquals("0", warm.group(3), "nothing computed on the second run");
    assertEquals("28", warm.group(4));

    assertEquals(ExitCodes.OK, cli.run("artifacts", "verify"), cli.out);
    assertTrue(cli.out.contains("20 stages checked, 0 corrupt"), cli.out);

    assertEquals(ExitCodes.OK, cli.run("artifacts", "ls", "export"));
    String exportKey = cli.out.lines().skip(1).findFirst().orElseThrow().split("\\s+")[1];
    assertEquals(ExitCodes.OK, cli.run("artifacts", "cat", "export/" + exportKey, "--limit", "1"));
    assertTrue(cli.out.startsWith("{\"conversations\":[{\"from\":\"human\""), cli.out);
    assertTrue(cli.out.contains("<think>\\n"), cli.out);

    Path data = home.resolve("data");
    assertEquals(
        ExitCodes.OK,
        cli.run("artifacts", "download", exportKey, "--to", data.toString()),
        cli.err);
    List<String> lines = Files.readAllLines(data.resolve("distillery.jsonl"));
    assertTrue(lines.size() > 0 && lines.get(0).startsWith("{\"conversations\""), cli.out);
    assertTrue(cli.out.contains(lines.size() + " rows"), cli.out);
    assertTrue(
        Files.readString(data.resolve("dataset_info.json")).contains("\"distillery.jsonl\""),
        "dataset_info.json names the rows file next to it");

    assertEquals(ExitCodes.OK, cli.run("artifacts", "show", exportKey), cli.err);
    assertTrue(cli.out.contains("\"kind\" : \"export\""), cli.out);
    assertTrue(cli.out.contains("\"sha256\""), cli.out);
    assertTrue(cli.out.contains("\"workflowId\" : \"stage/export/"), cli.out);

    corruptOnePart(home.resolve("s3"));
    assertEquals(ExitCodes.FAILED, cli.run("artifacts", "verify"));
    assertTrue(cli.out.contains("CORRUPT"), cli.out);
    assertTrue(cli.out.contains("20 stages checked, 1 corrupt"), cli.out);
  }

  /**
   * A run whose every stage has a manifest reports them reused without starting Temporal, and
   * leaves what a sweep's workflows would: its saved plan and its experiments' records, also under
   * a new sweep name, so that {@code status} and {@code ls} know it.
   */
  @Test
  void aRunWithEveryStageStoredFinishesWithoutTemporal() throws IOException {
    Files.writeString(
        home.resolve("recipe.yaml"),
        """
        recipe: small
        stages:
          - id: source
            kind: synthetic-arithmetic
            params: {count: 12, seed: 3}
          - id: dedup
            kind: dedup
        """);
    String grid =
        """
        recipe: recipe.yaml
        grid:
          stages.dedup.method: [exact, none]
        """;
    Path first = home.resolve("first.yaml");
    Files.writeString(first, "sweep: first\n" + grid);
    Path second = home.resolve("second.yaml");
    Files.writeString(second, "sweep: second\n" + grid);
    CliHarness cli = new CliHarness(home);

    assertEquals(ExitCodes.OK, cli.run("run", first.toString()), cli.err);
    assertTrue(cli.out.contains("(embedded), store"), cli.out);
    assertEquals("3", summary(cli.out).group(3), "one source, two dedups");

    assertEquals(ExitCodes.OK, cli.run("run", first.toString()), cli.err);
    assertTrue(cli.out.startsWith("Temporal not started (every stage is in the store)"), cli.out);
    assertEquals("0", summary(cli.out).group(3));
    assertEquals("4", summary(cli.out).group(4));
    assertTrue(cli.out.lines().anyMatch(l -> l.matches("\\S+ +dedup +reused .*")), cli.out);

    assertEquals(ExitCodes.OK, cli.run("run", second.toString()), cli.err);
    assertTrue(cli.out.startsWith("Temporal not started"), cli.out);
    assertFalse(Files.exists(home.resolve("dev-stack.properties")), "no stack was recorded");
    assertEquals(ExitCodes.OK, cli.run("status", "second", "--json"), cli.err);
    JsonNode status = SweepClient.JSON.readTree(cli.out);
    assertEquals("SUCCEEDED", status.get("state").asText(), cli.out);
    assertEquals(2, status.get("totals").get("succeeded").asInt(), cli.out);
    assertEquals(ExitCodes.OK, cli.run("ls"), cli.err);
    assertTrue(cli.out.contains("second "), cli.out);
  }

  @Test
  void aFailingStageFailsItsExperimentWithAClearMessageAndKeepsFinishedStages() throws IOException {
    Path recipe = home.resolve("broken.yaml");
    Files.writeString(
        recipe,
        """
        recipe: broken
        stages:
          - id: source
            kind: synthetic-arithmetic
            params: {count: 20}
          - id: export
            kind: export
        """);
    CliHarness cli = new CliHarness(home);

    assertEquals(ExitCodes.FAILED, cli.run("run", recipe.toString()));
    assertTrue(cli.out.contains("stage 'export' (export) failed"), cli.out);
    assertTrue(cli.out.contains("Put a teacher stage before export"), cli.out);
    assertFalse(cli.out.contains("\tat ") || cli.err.contains("\tat "), "no stack trace");

    assertEquals(ExitCodes.FAILED, cli.run("run", recipe.toString()));
    assertTrue(cli.out.contains("stages: 0 computed, 1 reused"), "the source is kept: " + cli.out);
  }

  @Test
  void anExperimentTooLargeForOnePayloadFailsFastWithAnExplanation() throws IOException {
    Path recipe = home.resolve("recipe.yaml");
    Files.writeString(
        recipe,
        """
        recipe: big
        stages:
          - id: source
            kind: synthetic-arithmetic
            params: {count: 1}
          - id: teacher
            kind: teacher
            params:
              base_url: simulated://arithmetic
              model: m
              system_prompt: "%s"
        """
            .formatted("x".repeat(300 * 1024)));
    CliHarness cli = new CliHarness(home);

    assertEquals(ExitCodes.INVALID_INPUT, cli.run("run", recipe.toString()));
    assertTrue(cli.err.contains("KiB") && cli.err.contains("into a file"), cli.err);
    assertFalse(cli.err.contains("\tat "), "no stack trace");
  }

  /** A missing local file is found before any service starts, at the line that names it. */
  @Test
  void aMissingLocalFileStopsTheRunBeforeItStarts() throws IOException {
    Path recipe = home.resolve("missing.yaml");
    Files.writeString(
        recipe,
        """
        recipe: missing
        stages:
          - id: source
            kind: source
            params: {path: questions.jsonl}
        """);
    CliHarness cli = new CliHarness(home);

    assertEquals(ExitCodes.INVALID_INPUT, cli.run("run", recipe.toString()), cli.out);
    assertTrue(cli.err.contains(recipe + ":5:"), cli.err);
    assertTrue(cli.err.contains(home.resolve("questions.jsonl").toString()), cli.err);
    assertFalse(cli.out.contains("Temporal"), "no service was started: " + cli.out);
  }

  @Test
  void aMissingSweepFileIsAnInputError() {
    CliHarness cli = new CliHarness(home);
    assertEquals(ExitCodes.INVALID_INPUT, cli.run("run", home.resolve("nope.yaml").toString()));
    assertTrue(cli.err.contains("no such file"), cli.err);
  }

  static Matcher summary(String out) {
    Matcher m = SUMMARY.matcher(out);
    assertTrue(m.find(), out);
    return m;
  }

  static int sum(Matcher m, int... groups) {
    int total = 0;
    for (int g : groups) {
      total += Integer.parseInt(m.group(g));
    }
    return total;
  }

  private static void corruptOnePart(Path s3) throws IOException {
    try (Stream<Path> files = Files.walk(s3)) {
      List<Path> parts = files.filter(p -> p.toString().endsWith(".jsonl.zst")).sorted().toList();
      Path part = parts.get(0);
      byte[] bytes = Files.readAllBytes(part);
      bytes[bytes.length / 2] ^= 0x5a;
      Files.write(part, bytes);
    }
  }
}
