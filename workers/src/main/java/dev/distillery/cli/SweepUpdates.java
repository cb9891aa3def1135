package dev.distillery.cli;

import dev.distillery.workflow.SweepWorkflow;
import dev.distillery.workflow.WorkflowIds;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowUpdateException;
import io.temporal.failure.ApplicationFailure;
import java.util.function.Function;

/**
 * Sends an Update to a running sweep and returns what the sweep accepted. The sweep's validator
 * checks the change against its current state; a refusal becomes a user error (exit 2) with the
 * validator's message, and nothing is changed.
 */
final class SweepUpdates {
  private SweepUpdates() {}

  static <T> T send(WorkflowClient client, String sweep, Function<SweepWorkflow, T> update)
      throws UserException {
    try {
      return update.apply(client.newWorkflowStub(SweepWorkflow.class, WorkflowIds.sweep(sweep)));
    } catch (WorkflowUpdateException e) {
      String reason =
          e.getCause() instanceof ApplicationFailure app
              ? app.getOriginalMessage()
              : e.getMessage();
      throw new UserException(
          ExitCodes.INVALID_INPUT, "sweep '" + sweep + "' refused the change: " + reason);
    }
  }
}
