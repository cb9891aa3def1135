package dev.distillery.cli;

import dev.distillery.worker.Stack;
import dev.distillery.workflow.ExperimentProgress;
import dev.distillery.workflow.ExperimentStatus;
import dev.distillery.workflow.SweepProgress;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code distill status}: where a sweep stands. */
@Command(
    name = "status",
    mixinStandardHelpOptions = true,
    description = "Show a sweep's experiments: state, current stage and finished stages.")
final class StatusCommand implements Callable<Integer> {
  @ParentCommand Distill root;
  @Spec CommandSpec spec;

  @Parameters(paramLabel = "SWEEP", description = "The sweep name.")
  String sweep;

  @Option(names = "--json", description = "Print JSON for scripts.")
  boolean json;

  private static String running(SweepClient sweeps, ExperimentProgress p) {
    return p.currentStage()
        + sweeps
            .stageProgress(p.currentStageWorkflowId())
            .map(done -> " " + done[0] + (done[1] > 0 ? "/" + done[1] : "") + " rows")
            .orElse("");
  }

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    try (Stack stack = root.connect()) {
      SweepClient sweeps = new SweepClient(stack.client(), stack.blobs());
      SweepProgress progress = sweeps.requireProgress(sweep, stack.temporalAddress());
      Map<String, ExperimentProgress> running = new LinkedHashMap<>();
      for (ExperimentStatus status : progress.experiments()) {
        sweeps
            .experimentProgress(status.workflowId())
            .ifPresent(p -> running.put(status.experiment(), p));
      }
      if (json) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("sweep", progress.sweep());
        doc.put("experiments", progress.experiments());
        doc.put("progress", running);
        doc.put("budgets", progress.budgets());
        out.println(SweepClient.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(doc));
        return ExitCodes.OK;
      }
      out.printf("%-28s %-10s %-8s %s%n", "EXPERIMENT", "STATE", "STAGES", "NOW / FAILURE");
      for (ExperimentStatus status : progress.experiments()) {
        ExperimentProgress p = running.get(status.experiment());
        String stages = p == null ? "-" : p.finished().size() + "/" + p.stageCount();
        String now =
            status.result() != null && status.result().failure() != null
                ? status.result().failure()
                : p != null && p.currentStage() != null ? running(sweeps, p) : "";
        out.printf(
            "%-28s %-10s %-8s %s%n",
            status.experiment(), status.state().name().toLowerCase(), stages, now);
      }
      BudgetCommand.print(progress, out);
      return ExitCodes.OK;
    }
  }
}
