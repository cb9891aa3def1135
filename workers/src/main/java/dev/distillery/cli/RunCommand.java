package dev.distillery.cli;

import dev.distillery.config.DistillConfig;
import dev.distillery.plan.SweepPlan;
import dev.distillery.plan.SweepPlanner;
import dev.distillery.worker.Stack;
import dev.distillery.workflow.SweepResult;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code distill run}: one shot, from a sweep file to a result table. */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = {
      "Run a sweep (or a single recipe) to the end with a worker in this process.",
      "Services not configured by the environment start embedded on 127.0.0.1: the Temporal"
          + " test server, S3Proxy with data under $DISTILL_HOME (default ~/.distill) and, for"
          + " simulated:// endpoints, the simulated LLM. Stages whose manifest exists are"
          + " reused, so running again computes nothing."
    })
final class RunCommand extends SweepFileCommand {
  @Option(
      names = "--max-activities",
      defaultValue = "4",
      description =
          "Stage activities the in-process worker runs at once (default: ${DEFAULT-VALUE}).")
  int maxActivities;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    SweepPlan plan = SweepFiles.plan(file);
    DistillConfig config = root.config();
    long start = System.nanoTime();
    try (Stack stack =
        Stack.openForWork(
            config,
            0,
            0,
            "distill run " + file,
            false,
            true,
            notice -> {
              out.println(notice);
              out.flush();
            })) {
      SweepResult result = null;
      if (!stack.hasTemporal()) {
        // Every stage in the store already: nothing for Temporal or a worker to do.
        result = new SweepClient(null, stack.blobs()).allReused(plan, stack.store()).orElse(null);
        if (result == null) {
          stack.startTemporalForWork();
        }
      }
      out.printf(
          "%s, store %s at %s%n",
          result != null
              ? "Temporal not started (every stage is in the store)"
              : "Temporal "
                  + stack.temporalAddress()
                  + (config.embeddedTemporal() ? " (embedded)" : ""),
          stack.storeLocation(),
          stack.s3Endpoint() == null ? "AWS" : stack.s3Endpoint());
      stack.temporalUi().ifPresent(ui -> out.printf("Temporal UI %s%n", ui));
      out.printf(
          "Sweep '%s': %s, %s%n",
          plan.sweep(),
          Plural.of(plan.experiments().size(), "experiment"),
          Plural.of(SweepPlanner.uniqueStages(plan), "unique stage"));
      SeedOverlaps.warnings(plan).forEach(out::println);
      if (result != null) {
        new SweepClient(null, stack.blobs()).printResult(result, out);
      } else {
        if (!stack.onDevStack()) {
          stack.startWorker(maxActivities);
        }
        SweepClient sweeps = new SweepClient(stack.client(), stack.blobs());
        sweeps.submit(plan, execution.settings(), out);
        result = sweeps.await(plan.sweep(), out);
      }
      out.println();
      ResultTable.print(result, out, width.columns(root.environment()));
      out.println();
      out.println(Summary.of(result, System.nanoTime() - start));
      if (evaluates(plan)) {
        Path folder = config.home().resolve("reports").resolve(plan.sweep());
        Files.createDirectories(folder);
        out.println();
        ReportCommand.write(
            SweepViews.over(stack), plan.sweep(), folder.resolve("index.html"), out);
        out.printf(
            "Report: %s (open it in a browser; `distill report %s` writes it again)%n",
            folder.resolve("index.html").toUri(), plan.sweep());
      }
      return result.failed() == 0 ? ExitCodes.OK : ExitCodes.FAILED;
    }
  }

  /** Whether some experiment of the plan scores a model: then its report is worth writing. */
  private static boolean evaluates(SweepPlan plan) {
    return plan.experiments().stream()
        .flatMap(e -> e.stages().stream())
        .anyMatch(s -> "eval".equals(s.kind()));
  }
}
