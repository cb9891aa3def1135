package dev.distillery.cli;

import dev.distillery.plan.SweepPlan;
import dev.distillery.worker.Stack;
import dev.distillery.workflow.ExecutionSettings;
import dev.distillery.workflow.SweepResult;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;

/** The CLI's package-private sweep plumbing, for benchmarks in other packages. */
public final class BenchAccess {
  private final SweepClient sweeps;

  /**
   * @param historyLimit history events past which a sweep continues as new; 0 for the default
   */
  public BenchAccess(Stack stack, int historyLimit) {
    this.sweeps = new SweepClient(stack.client(), stack.blobs());
    sweeps.historyLimit(historyLimit);
  }

  /** Reads and expands a sweep file as {@code distill run} does. */
  public SweepPlan plan(Path file) throws Exception {
    return SweepFiles.plan(file);
  }

  /** Submits the plan and waits for every experiment's recorded result. */
  public SweepResult run(SweepPlan plan, ExecutionSettings settings) throws Exception {
    sweeps.submit(plan, settings, new PrintWriter(new StringWriter()));
    return sweeps.await(plan.sweep(), null);
  }
}
