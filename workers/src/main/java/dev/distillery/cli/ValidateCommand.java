package dev.distillery.cli;

import dev.distillery.plan.SweepPlan;
import dev.distillery.plan.SweepPlanner;
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
      "Problems are printed as file:line:column: message, with a hint; exit code 2."
    })
final class ValidateCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(paramLabel = "FILE", arity = "1..*", description = "Recipe or sweep files.")
  java.util.List<Path> files;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    for (Path file : files) {
      SweepPlan plan = SweepFiles.plan(file);
      out.printf(
          "%s: ok (sweep '%s', %d experiments, %d unique stages)%n",
          file, plan.sweep(), plan.experiments().size(), SweepPlanner.uniqueStages(plan));
    }
    return ExitCodes.OK;
  }
}
