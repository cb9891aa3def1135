package dev.distillery.cli;

import dev.distillery.activity.SweepHistories;
import dev.distillery.activity.WorkflowRun;
import dev.distillery.config.ConfigException;
import dev.distillery.plan.ExperimentPlan;
import dev.distillery.plan.SweepPlan;
import dev.distillery.worker.Stack;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code distill history export}: a sweep's workflow histories as JSON files. */
@Command(
    name = "export",
    mixinStandardHelpOptions = true,
    description = {
      "Write the workflow histories of a sweep (or of some of its experiments and their stages)"
          + " to DIR as DIR/<workflow id>/<run id>.json, in Temporal's JSON history format: the"
          + " Temporal UI's history import page loads them, and `WorkflowReplayer` replays them.",
      "Histories come from Temporal while it knows the workflows, else from the copies the sweep"
          + " stored when it ended. A stage reused from the store ran no workflow and has none."
    })
final class HistoryExportCommand extends SweepCommand {
  @Option(
      names = "--experiment",
      paramLabel = "E",
      description = "Only this experiment and its stages (repeatable).")
  List<String> experiments = new ArrayList<>();

  @Option(
      names = "--to",
      paramLabel = "DIR",
      required = true,
      description = "The folder to write to (created if missing).")
  Path to;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    requireFolder(to);
    try (Stack stack = open()) {
      SweepPlan plan =
          new SweepClient(null, stack.blobs())
              .requireSavedPlan(sweep, String.valueOf(stack.storeLocation()));
      requireExperiments(plan);
      SweepHistories histories =
          new SweepHistories(stack.hasTemporal() ? stack.client() : null, stack.blobs());
      int fromTemporal = 0;
      int fromStore = 0;
      int workflows = 0;
      int without = 0;
      Files.createDirectories(to);
      for (String id : SweepHistories.workflowIds(plan, experiments)) {
        workflows++;
        List<WorkflowRun> runs = stack.hasTemporal() ? histories.fetch(id) : List.of();
        for (WorkflowRun run : runs) {
          Files.writeString(
              file(id, run.runId()), run.history().toJson(true), StandardCharsets.UTF_8);
          fromTemporal++;
        }
        List<String> stored = runs.isEmpty() ? histories.stored(sweep, id) : List.of();
        for (String key : stored) {
          String name = key.substring(key.lastIndexOf('/') + 1);
          try (InputStream in = stack.blobs().open(key)) {
            Files.copy(
                in,
                file(id, name.substring(0, name.length() - ".json".length())),
                StandardCopyOption.REPLACE_EXISTING);
          }
          fromStore++;
        }
        without += runs.isEmpty() && stored.isEmpty() ? 1 : 0;
      }
      if (fromTemporal + fromStore == 0) {
        throw new UserException(
            ExitCodes.UNAVAILABLE,
            "neither "
                + (stack.hasTemporal() ? "Temporal at " + stack.temporalAddress() + " nor " : "")
                + "the store "
                + stack.storeLocation()
                + " has a workflow history of sweep '"
                + sweep
                + "'"
                + (experiments.isEmpty() ? "" : " " + String.join(", ", experiments))
                + ". Sweeps keep them when they end; one that ended before Distillery kept"
                + " histories, or whose every stage was reused, has none.");
      }
      out.printf(
          "Wrote %s of %s to %s (%d from Temporal%s, %d from the store %s).%n",
          Plural.of(fromTemporal + fromStore, "history file"),
          Plural.of(workflows - without, "workflow"),
          to,
          fromTemporal,
          stack.hasTemporal() ? " at " + stack.temporalAddress() : "",
          fromStore,
          stack.storeLocation());
      if (without > 0) {
        out.printf(
            "%s had none (stages reused from the store run no workflow).%n",
            Plural.of(without, "workflow"));
      }
      out.println(
          "Each file is one run in Temporal's JSON history format; load it on the Temporal UI's"
              + " history import page.");
      return ExitCodes.OK;
    }
  }

  /** Temporal and the store when Temporal can be reached; the store alone otherwise. */
  private Stack open() throws ConfigException, IOException {
    Distill root = root();
    try {
      return root.connect(Stack.Mode.OBSERVE);
    } catch (ConfigException e) {
      return Stack.open(root.config(), Stack.Mode.READ_STORE, 0, 0);
    }
  }

  private void requireExperiments(SweepPlan plan) throws UserException {
    List<String> names = plan.experiments().stream().map(ExperimentPlan::name).toList();
    for (String e : experiments) {
      if (!names.contains(e)) {
        throw new UserException(
            ExitCodes.INVALID_INPUT,
            "sweep '"
                + sweep
                + "' has no experiment '"
                + e
                + "' (--experiment). It has "
                + Plural.firstNames(names, 10)
                + ".");
      }
    }
  }

  /** {@code DIR/<workflow id>/<run id>.json}, refusing a path that would leave {@code DIR}. */
  private Path file(String workflowId, String runId) throws IOException, UserException {
    Path root = to.toAbsolutePath().normalize();
    Path file = root.resolve(workflowId).resolve(runId + ".json").normalize();
    if (!file.startsWith(root)) {
      throw new UserException(
          ExitCodes.INVALID_INPUT,
          "workflow " + workflowId + " run " + runId + " would be written outside --to " + to);
    }
    Files.createDirectories(file.getParent());
    return file;
  }

  /** Refuses a {@code --to} that is not a folder and cannot become one, before reading anything. */
  private static void requireFolder(Path to) throws UserException {
    Path existing = to.toAbsolutePath();
    while (existing != null && !Files.exists(existing)) {
      existing = existing.getParent();
    }
    if (existing == null || !Files.isDirectory(existing) || !Files.isWritable(existing)) {
      throw new UserException(
          ExitCodes.INVALID_INPUT,
          "--to "
              + to
              + (existing != null && !Files.isDirectory(existing)
                  ? ": " + existing + " is a file, not a folder"
                  : ": cannot write in " + existing)
              + ". Give a folder to write the histories to (it is created if missing).");
    }
  }
}
