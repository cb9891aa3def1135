package dev.distillery.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.distillery.plan.ExperimentPlan;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The payload check measures each experiment from its parts as the experiments stream by; the
 * figure must be the length of the JSON the sweep workflow would receive.
 */
class ExperimentSizesTest {
  @TempDir Path dir;

  @Test
  void measuresEachExperimentAsItsWholeJson() throws Exception {
    Path sweep = Path.of(CliHarness.repo("recipes/demo/sweep.yaml"));
    ExperimentSizes sizes = new ExperimentSizes(sweep, "demo");
    int measured = 0;
    for (ExperimentPlan experiment : SweepFiles.expand(sweep)) {
      assertEquals(
          SweepClient.JSON.writeValueAsBytes(experiment).length,
          sizes.bytes(experiment),
          experiment.name());
      measured++;
    }
    assertEquals(4, measured);
  }

  @Test
  void anExperimentOverOnePayloadIsRefusedByValidateAndRun() throws Exception {
    Path sweep = dir.resolve("big.yaml");
    Files.writeString(
        sweep,
        """
        sweep: big
        recipe:
          recipe: r
          stages:
            - {id: source, kind: synthetic-arithmetic, params: {count: 4}}
            - id: teacher
              kind: teacher
              params: {base_url: "simulated://", model: m, system_prompt: "%s"}
        grid:
          stages.teacher.n: [1, 2]
        """
            // The rest of the experiment is about 1 KiB: 300.5 KiB in all.
            .formatted("x".repeat(300 * 1024 - 512)));
    CliHarness cli = new CliHarness(dir);
    for (String command : new String[] {"validate", "run"}) {
      assertEquals(ExitCodes.INVALID_INPUT, cli.run(command, sweep.toString()), cli.out);
      assertTrue(
          cli.err.contains(
              sweep
                  + ": experiment 'n-1' of sweep 'big' has stage params of 300 KiB, over the 256"),
          cli.err);
      assertFalse(cli.err.contains("\tat "), cli.err);
    }
  }
}
