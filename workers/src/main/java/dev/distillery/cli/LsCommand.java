package dev.distillery.cli;

import dev.distillery.config.ConfigException;
import dev.distillery.config.DistillConfig;
import dev.distillery.plan.SweepPlan;
import dev.distillery.worker.Stack;
import dev.distillery.workflow.ExperimentResult;
import dev.distillery.workflow.WorkflowIds;
import io.temporal.client.WorkflowClient;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code distill ls}: the sweeps the store knows, from their saved plans (the embedded Temporal
 * server has no visibility queries), with their state when a Temporal server can be asked.
 */
@Command(
    name = "ls",
    mixinStandardHelpOptions = true,
    description = {
      "List the sweeps submitted to this store, from the plans saved beside the artifacts.",
      "With a Temporal server configured or `distill dev` running, also shows each sweep's state."
    })
final class LsCommand implements Callable<Integer> {
  private static final String SUFFIX = "/plan.json";

  @ParentCommand Distill root;
  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    try (Stack store =
        Stack.open(
            DistillConfig.fromEnvironment(root.environment()), Stack.Mode.READ_STORE, 0, 0)) {
      List<String> keys =
          store.blobs().list("sweeps/").stream().filter(k -> k.endsWith(SUFFIX)).sorted().toList();
      if (keys.isEmpty()) {
        out.printf("No sweeps in %s yet.%n", store.storeLocation());
        return ExitCodes.OK;
      }
      Stack temporal = connectOrNull();
      try {
        SweepClient sweeps = new SweepClient(null, store.blobs());
        SweepRecords records = new SweepRecords(store.blobs());
        out.printf("%-32s %-24s %-12s %s%n", "SWEEP", "RECIPE", "EXPERIMENTS", "STATE");
        for (String key : keys) {
          String name = key.substring("sweeps/".length(), key.length() - SUFFIX.length());
          SweepPlan plan = sweeps.savedPlan(name).orElse(null);
          out.printf(
              "%-32s %-24s %-12s %s%n",
              name,
              plan == null ? "?" : plan.recipe(),
              plan == null ? "?" : Integer.toString(plan.experiments().size()),
              temporal == null ? "-" : state(temporal.client(), name, plan, records));
        }
      } finally {
        if (temporal != null) {
          temporal.close();
        }
      }
      return ExitCodes.OK;
    }
  }

  private Stack connectOrNull() {
    try {
      return root.connect();
    } catch (ConfigException | java.io.IOException | RuntimeException e) {
      return null;
    }
  }

  /**
   * The sweep's state as Temporal knows it, else as its records in the store tell: {@code resume}
   * is suggested only when some experiment has not succeeded.
   */
  private static String state(
      WorkflowClient client, String sweep, SweepPlan plan, SweepRecords records)
      throws IOException, UserException {
    try {
      return client
          .newUntypedWorkflowStub(WorkflowIds.sweep(sweep))
          .describe()
          .getStatus()
          .name()
          .replace("WORKFLOW_EXECUTION_STATUS_", "")
          .toLowerCase();
    } catch (RuntimeException e) {
      if (plan == null) {
        return "unknown to Temporal (resume it with `distill resume " + sweep + "`)";
      }
      Map<String, ExperimentResult> recorded = records.read(sweep);
      long succeeded =
          plan.experiments().stream()
              .map(experiment -> recorded.get(experiment.name()))
              .filter(result -> result != null && result.succeeded())
              .count();
      int all = plan.experiments().size();
      return succeeded == all
          ? "completed (as the store recorded it)"
          : String.format(
              "unknown to Temporal, %d of %d %s succeeded (resume it with `distill resume %s`)",
              succeeded, all, Plural.noun(all, "experiment"), sweep);
    }
  }
}
