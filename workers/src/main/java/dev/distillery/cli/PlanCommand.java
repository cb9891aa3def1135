package dev.distillery.cli;

import dev.distillery.config.DistillConfig;
import dev.distillery.plan.ExperimentPlan;
import dev.distillery.plan.PlannedStage;
import dev.distillery.plan.SweepPlan;
import dev.distillery.store.CorruptManifestException;
import dev.distillery.worker.Stack;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code distill plan}: what a sweep would run, and what of it the store already holds. */
@Command(
    name = "plan",
    mixinStandardHelpOptions = true,
    description = {
      "Expand a sweep without running anything: its experiments with their axis values, its"
          + " unique stages by content address, and which of those the store already holds.",
      "Uses the configured store, a running `distill dev`, or the embedded store under"
          + " DISTILL_HOME."
    })
final class PlanCommand implements Callable<Integer> {
  @ParentCommand Distill root;
  @Spec CommandSpec spec;

  @Parameters(paramLabel = "SWEEP.yaml", description = "A sweep or recipe file.")
  Path file;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    SweepPlan plan = SweepFiles.plan(file);
    Map<String, PlannedStage> unique = new LinkedHashMap<>();
    Map<String, Integer> users = new LinkedHashMap<>();
    out.printf(
        "Sweep '%s' (recipe '%s'), %d experiments:%n",
        plan.sweep(), plan.recipe(), plan.experiments().size());
    SeedOverlaps.warnings(plan).forEach(out::println);
    for (ExperimentPlan experiment : plan.experiments()) {
      out.printf("  %-32s %s%n", experiment.name(), experiment.axisValues());
      for (PlannedStage stage : experiment.stages()) {
        unique.putIfAbsent(stage.key(), stage);
        users.merge(stage.key(), 1, Integer::sum);
      }
    }
    int stored = 0;
    out.printf("%nUnique stages: %d%n", unique.size());
    out.printf("  %-20s %-22s %-14s %-12s %s%n", "STAGE", "KIND", "KEY", "EXPERIMENTS", "IN STORE");
    try (Stack stack =
        Stack.open(
            DistillConfig.fromEnvironment(root.environment()), Stack.Mode.STORE_ONLY, 0, 0)) {
      List<String> corrupt = new ArrayList<>();
      for (PlannedStage stage : unique.values()) {
        String held;
        try {
          held = stack.store().findManifest(stage.ref()).isPresent() ? "yes" : "no";
        } catch (CorruptManifestException e) {
          held = "CORRUPT";
          corrupt.add(e.getMessage());
        }
        stored += held.equals("yes") ? 1 : 0;
        out.printf(
            "  %-20s %-22s %-14s %-12d %s%n",
            stage.id(), stage.kind(), stage.ref().shortKey(), users.get(stage.key()), held);
      }
      out.printf(
          "%n%d of %d unique stages are in the store (%s); %d would be computed.%n",
          stored, unique.size(), stack.storeLocation(), unique.size() - stored - corrupt.size());
      if (!corrupt.isEmpty()) {
        out.printf(
            "%d stage(s) have a corrupt manifest: a run fails them until it is deleted.%n",
            corrupt.size());
        corrupt.forEach(message -> out.println("  " + message));
      }
    }
    return ExitCodes.OK;
  }
}
