package dev.distillery.cli;

import dev.distillery.config.DistillConfig;
import dev.distillery.plan.ExperimentPlan;
import dev.distillery.plan.PlannedStage;
import dev.distillery.plan.StageKeySet;
import dev.distillery.plan.StageRef;
import dev.distillery.plan.SweepExpansion;
import dev.distillery.recipe.Sweep;
import dev.distillery.store.CorruptManifestException;
import dev.distillery.worker.Stack;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
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
          + " DISTILL_HOME.",
      "Sweeps of up to 1,000,000 experiments are expanded one experiment at a time; above"
          + " 100,000 unique stages they are counted per stage, not looked up."
    })
final class PlanCommand implements Callable<Integer> {
  /** Above this many unique stages, they are counted per stage id, not looked up one by one. */
  static final int STAGES_LOOKED_UP = 100_000;

  /** The experiments the table's columns are fitted to; later ones are cut to the same columns. */
  static final int ROWS_FITTED = 1_000;

  @ParentCommand Distill root;
  @Spec CommandSpec spec;

  @Parameters(paramLabel = "SWEEP.yaml", description = "A sweep or recipe file.")
  Path file;

  @Mixin TableWidth width;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    SweepExpansion expansion = SweepFiles.expand(file);
    Sweep sweep = expansion.sweep();
    // Payload sizes matter only to a sweep that `run` takes.
    boolean runnable = expansion.size() <= SweepLimits.RUN;
    ExperimentSizes sizes = new ExperimentSizes(file, sweep.name());
    SeedOverlaps overlaps = new SeedOverlaps();
    StageKeySet keys = new StageKeySet(SweepLimits.STAGES_COUNTED);
    Map<String, Integer> perStageId = new LinkedHashMap<>();
    // The experiments stream by; the stages to look up are kept only while they are few.
    Map<String, UniqueStage> unique = new LinkedHashMap<>();
    out.printf(
        "Sweep '%s' (recipe '%s'), %s:%n",
        sweep.name(), sweep.recipe().name(), Plural.of(expansion.size(), "experiment"));
    ExperimentTable table = new ExperimentTable(width.columns(root.environment()), out);
    for (ExperimentPlan experiment : expansion) {
      if (runnable) {
        sizes.check(experiment);
      }
      overlaps.add(experiment);
      table.add(experiment);
      for (PlannedStage stage : experiment.stages()) {
        if (keys.add(stage.key())) {
          perStageId.merge(stage.id(), 1, Integer::sum);
          if (unique != null) {
            unique.put(stage.key(), new UniqueStage(stage.id(), stage.ref()));
          }
        }
        if (unique != null) {
          unique.get(stage.key()).users++;
        }
      }
      if (unique != null && unique.size() > STAGES_LOOKED_UP) {
        unique = null;
      }
    }
    table.finish();
    overlaps.warnings().forEach(out::println);
    out.printf("%n%s:%n", SweepLimits.uniqueStages(keys));
    if (unique == null) {
      out.printf(
          "  more than %s, so not looked up in the store one by one; per stage:%n",
          SweepLimits.number(STAGES_LOOKED_UP));
      out.printf("  %-20s %s%n", "STAGE", "UNIQUE");
      perStageId.forEach((id, count) -> out.printf("  %-20s %d%n", id, count));
      if (keys.full()) {
        out.printf("  (counting stopped at %s)%n", SweepLimits.number(keys.size()));
      }
    } else {
      lookUp(unique.values(), out);
    }
    if (!runnable) {
      out.printf(
          "%n`run` and `submit` take at most %s experiments in one sweep. %s%n",
          SweepLimits.number(SweepLimits.RUN), SweepLimits.split(sweep, expansion.size()));
    }
    return ExitCodes.OK;
  }

  /** Prints each unique stage with the experiments using it and whether the store holds it. */
  private void lookUp(Collection<UniqueStage> unique, PrintWriter out) throws Exception {
    int stored = 0;
    out.printf("  %-20s %-22s %-14s %-12s %s%n", "STAGE", "KIND", "KEY", "EXPERIMENTS", "IN STORE");
    try (Stack stack =
        Stack.open(
            DistillConfig.fromEnvironment(root.environment()), Stack.Mode.READ_STORE, 0, 0)) {
      List<String> corrupt = new ArrayList<>();
      for (UniqueStage stage : unique) {
        String held;
        try {
          held = stack.store().findManifest(stage.ref).isPresent() ? "yes" : "no";
        } catch (CorruptManifestException e) {
          held = "CORRUPT";
          corrupt.add(e.getMessage());
        }
        stored += held.equals("yes") ? 1 : 0;
        out.printf(
            "  %-20s %-22s %-14s %-12d %s%n",
            stage.id, stage.ref.kind(), stage.ref.shortKey(), stage.users, held);
      }
      out.printf(
          "%n%d of %d unique %s in the store (%s); %d would be computed.%n",
          stored,
          unique.size(),
          unique.size() == 1 ? "stage is" : "stages are",
          stack.storeLocation(),
          unique.size() - stored - corrupt.size());
      if (!corrupt.isEmpty()) {
        out.printf(
            "%s a corrupt manifest: a run fails %s until it is deleted.%n",
            corrupt.size() == 1 ? "1 stage has" : corrupt.size() + " stages have",
            corrupt.size() == 1 ? "it" : "them");
        corrupt.forEach(message -> out.println("  " + message));
      }
    }
  }

  /**
   * The experiments as a table of their axis values under short names ({@link AxisNames}), with a
   * legend; fitted to the first {@link #ROWS_FITTED} experiments and streamed after them.
   */
  private static final class ExperimentTable {
    private final int width;
    private final PrintWriter out;
    private List<ExperimentPlan> pending = new ArrayList<>();
    private List<String> axes;
    private Map<String, String> names;
    private TextTable table;

    ExperimentTable(int width, PrintWriter out) {
      this.width = width;
      this.out = out;
    }

    void add(ExperimentPlan experiment) {
      if (table != null) {
        table.printRow(row(experiment), out);
        return;
      }
      pending.add(experiment);
      if (pending.size() == ROWS_FITTED) {
        start();
      }
    }

    void finish() {
      if (table == null) {
        start();
      }
      table.printLeftOut(out);
      AxisNames.printLegend(names, out);
    }

    private void start() {
      java.util.Set<String> paths = new java.util.LinkedHashSet<>();
      pending.forEach(e -> paths.addAll(e.axisValues().keySet()));
      axes = List.copyOf(paths);
      names = AxisNames.of(axes);
      List<String> header = new ArrayList<>(List.of("EXPERIMENT"));
      axes.forEach(a -> header.add(names.get(a)));
      List<List<String>> rows = pending.stream().map(this::row).toList();
      table = TextTable.fit(header, rows, width, "  ");
      table.printRow(header, out);
      rows.forEach(r -> table.printRow(r, out));
      pending = null;
    }

    private List<String> row(ExperimentPlan experiment) {
      List<String> row = new ArrayList<>(List.of(experiment.name()));
      axes.forEach(a -> row.add(experiment.axisValues().getOrDefault(a, "-")));
      return row;
    }
  }

  /** A unique stage to look up, and how many experiments use it. */
  private static final class UniqueStage {
    final String id;
    final StageRef ref;
    int users;

    UniqueStage(String id, StageRef ref) {
      this.id = id;
      this.ref = ref;
    }
  }
}
