package dev.distillery.cli;

import dev.distillery.plan.ExperimentPlan;
import dev.distillery.plan.PlannedStage;
import dev.distillery.plan.StageKeySet;
import dev.distillery.plan.SweepExpansion;
import dev.distillery.recipe.RecipeException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code distill validate}: check recipe and sweep files without running anything. */
@Command(
    name = "validate",
    mixinStandardHelpOptions = true,
    description = {
      "Check recipe or sweep files: keys, types, stage kinds, params, inputs, axis paths.",
      "Every file is checked; problems are printed as file:line:column: message, with a hint,"
          + " and any exits 2.",
      "Sweeps of up to 1,000,000 experiments are checked one experiment at a time; `run` and"
          + " `submit` take up to 10,000."
    })
final class ValidateCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(paramLabel = "FILE", arity = "1..*", description = "Recipe or sweep files.")
  java.util.List<Path> files;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    int failed = 0;
    for (Path file : files) {
      try {
        validate(file, out);
      } catch (RecipeException | UserException e) {
        out.flush();
        err.println(UserErrors.message(e));
        err.flush();
        failed++;
      }
    }
    if (failed > 0 && files.size() > 1) {
      err.printf(
          "%d of %d files %s problems.%n", failed, files.size(), failed == 1 ? "has" : "have");
    }
    return failed > 0 ? ExitCodes.INVALID_INPUT : ExitCodes.OK;
  }

  private static void validate(Path file, PrintWriter out)
      throws IOException, RecipeException, UserException {
    SweepExpansion expansion = SweepFiles.expand(file);
    // Payload sizes matter only to a sweep that `run` takes.
    boolean runnable = expansion.size() <= SweepLimits.RUN;
    ExperimentSizes sizes = new ExperimentSizes(file, expansion.sweep().name());
    StageKeySet stages = new StageKeySet(SweepLimits.STAGES_COUNTED);
    for (ExperimentPlan experiment : expansion) {
      if (runnable) {
        sizes.check(experiment);
      }
      for (PlannedStage stage : experiment.stages()) {
        stages.add(stage.key());
      }
    }
    out.printf(
        "%s: ok (sweep '%s', %s, %s)%n",
        file,
        expansion.sweep().name(),
        Plural.of(expansion.size(), "experiment"),
        SweepLimits.uniqueStages(stages));
    if (!runnable) {
      out.printf(
          "  but `run` and `submit` take at most %s experiments in one sweep. %s%n",
          SweepLimits.number(SweepLimits.RUN),
          SweepLimits.split(expansion.sweep(), expansion.size()));
    }
  }
}
