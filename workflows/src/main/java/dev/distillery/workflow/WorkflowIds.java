package dev.distillery.workflow;

import dev.distillery.plan.StageRef;

/**
 * Deterministic workflow ids that read as paths: {@code <sweep>}, {@code <sweep>/<experiment>} and
 * {@code stage/<kind>/<key>}. A stage's id is its content address, so every experiment of every
 * sweep that needs the same stage finds the same workflow.
 */
public final class WorkflowIds {
  private WorkflowIds() {}

  public static String sweep(String sweep) {
    return sweep;
  }

  public static String experiment(String sweep, String experiment) {
    return sweep + "/" + experiment;
  }

  public static String stage(StageRef ref) {
    return "stage/" + ref.kind() + "/" + ref.key();
  }
}
