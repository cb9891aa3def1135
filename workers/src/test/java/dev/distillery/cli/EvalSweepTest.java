package dev.distillery.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A sweep whose experiments end in an {@code eval} stage runs on the embedded stack against the
 * simulator (which answers arithmetic right with probability 0.8), and {@code results} shows each
 * experiment's score as {@code avg ± std_err} beside its axis values, agreeing with the simulator.
 */
class EvalSweepTest {
  @TempDir Path home;

  @Test
  void aSweepWithAnEvalStageScoresEachExperiment() throws Exception {
    ArithmeticBenchmark.write(home.resolve("arith.jsonl"), 40, 11, 40);
    Files.writeString(
        home.resolve("sweep.yaml"),
        """
        sweep: evals
        recipe:
          recipe: eval-only
          stages:
        %s
        grid:
          stages.eval.seed: [0, 100]
        """
            .formatted(
                TestRecipes.evalStage(
                        "simulated://eval", home.resolve("arith.jsonl"), 4, "shard_size: 50")
                    .indent(4)));
    CliHarness cli = new CliHarness(home);

    assertEquals(
        ExitCodes.OK, cli.run("run", home.resolve("sweep.yaml").toString()), cli.out + cli.err);
    assertEquals(ExitCodes.OK, cli.run("results", "evals"), cli.err);
    Matcher score = Pattern.compile("(\\d\\.\\d{3}) ± (\\d\\.\\d{3})").matcher(cli.out);
    int experiments = 0;
    while (score.find()) {
      double avg = Double.parseDouble(score.group(1));
      assertTrue(Math.abs(avg - 0.8) < 4 * Math.sqrt(0.8 * 0.2 / 160), cli.out);
      experiments++;
    }
    assertEquals(2, experiments, "one score per experiment: " + cli.out);
    assertTrue(cli.out.contains("eval.arith"), cli.out);

    assertEquals(ExitCodes.OK, cli.run("results", "evals", "--format", "json"), cli.err);
    JsonNode rows = SweepClient.JSON.readTree(cli.out);
    for (JsonNode row : rows) {
      double avg = row.get("metrics").get("eval.arith").asDouble();
      double stdErr = row.get("metrics").get("eval.arith.std_err").asDouble();
      assertTrue(avg > 0 && avg < 1 && stdErr >= 0 && stdErr < 0.2, row.toString());
      assertEquals(160, row.get("metrics").get("eval.rows_out").asInt(), "40 questions x 4");
    }
  }
}
