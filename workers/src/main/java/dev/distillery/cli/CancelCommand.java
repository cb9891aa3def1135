package dev.distillery.cli;

import dev.distillery.worker.Stack;
import dev.distillery.workflow.WorkflowIds;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.client.WorkflowNotFoundException;
import io.temporal.client.WorkflowStub;
import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code distill cancel}: stop a sweep, or some of its experiments, keeping finished work. */
@Command(
    name = "cancel",
    mixinStandardHelpOptions = true,
    description = {
      "Cancel a running sweep, or only the experiments named with --experiment. Cancelling is"
          + " graceful: running stage activities stop at their next heartbeat, and every finished"
          + " stage and shard stays in the store. `distill resume SWEEP` later runs what is"
          + " missing.",
      "A stage shared with another sweep is cancelled too; that sweep starts it again, reusing"
          + " its finished shards."
    })
final class CancelCommand extends SweepCommand {
  @Option(
      names = "--experiment",
      paramLabel = "NAME",
      description = "Cancel only this experiment (repeatable); the sweep goes on with the others.")
  List<String> experiments = List.of();

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    try (Stack stack = root().connect()) {
      List<String> ids =
          experiments.isEmpty()
              ? List.of(WorkflowIds.sweep(sweep))
              : experiments.stream().map(e -> WorkflowIds.experiment(sweep, e)).toList();
      for (String id : ids) {
        WorkflowStub stub = stack.client().newUntypedWorkflowStub(id);
        if (!running(stub)) {
          throw new UserException(
              ExitCodes.UNAVAILABLE,
              "Temporal at "
                  + stack.temporalAddress()
                  + " has no running workflow '"
                  + id
                  + "'. Check the names with `distill status "
                  + sweep
                  + "`; a finished sweep needs no cancelling.");
        }
        stub.cancel();
        out.printf("Cancellation requested for %s.%n", id);
      }
      out.printf(
          "Running stages stop at their next heartbeat; finished work is kept."
              + " `distill resume %s` runs what is missing.%n",
          sweep);
      return ExitCodes.OK;
    }
  }

  private static boolean running(WorkflowStub stub) {
    try {
      return stub.describe().getStatus()
          == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING;
    } catch (WorkflowNotFoundException e) {
      return false;
    }
  }
}
