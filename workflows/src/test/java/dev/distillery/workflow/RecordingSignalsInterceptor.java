package dev.distillery.workflow;

import io.temporal.common.interceptors.WorkerInterceptorBase;
import io.temporal.common.interceptors.WorkflowInboundCallsInterceptor;
import io.temporal.common.interceptors.WorkflowInboundCallsInterceptorBase;
import io.temporal.common.interceptors.WorkflowOutboundCallsInterceptor;
import io.temporal.common.interceptors.WorkflowOutboundCallsInterceptorBase;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Records the workflow id of every signal that workflow code sends to another workflow, replays
 * included, in the order the code sends them (the replayer does not compare their targets).
 */
final class RecordingSignalsInterceptor extends WorkerInterceptorBase {
  final List<String> targets = new CopyOnWriteArrayList<>();

  @Override
  public WorkflowInboundCallsInterceptor interceptWorkflow(WorkflowInboundCallsInterceptor next) {
    return new WorkflowInboundCallsInterceptorBase(next) {
      @Override
      public void init(WorkflowOutboundCallsInterceptor outbound) {
        super.init(
            new WorkflowOutboundCallsInterceptorBase(outbound) {
              @Override
              public SignalExternalOutput signalExternalWorkflow(SignalExternalInput input) {
                targets.add(input.getExecution().getWorkflowId());
                return super.signalExternalWorkflow(input);
              }
            });
      }
    };
  }
}
