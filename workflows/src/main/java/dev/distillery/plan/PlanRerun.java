package dev.distillery.plan;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Invalidates a stage and everything downstream of it in a saved plan, for {@code distill resume
 * --rerun-from}. The stage gets a {@value #PARAM} param one higher than before, which changes its
 * content address, and every stage that reads a changed address gets a new one too. Old artifacts
 * stay where they are; the rerun writes beside them.
 */
public final class PlanRerun {
  /** The param that numbers forced reruns; part of the content address like any param. */
  public static final String PARAM = "rerun";

  private PlanRerun() {}

  /**
   * The plan with {@code stageId} and its downstream stages given new addresses in the chosen
   * experiments.
   *
   * @param experiments the experiments to rerun; empty for all
   * @throws IllegalArgumentException when no chosen experiment has the stage, or an experiment name
   *     is unknown
   */
  public static SweepPlan from(SweepPlan plan, String stageId, Set<String> experiments) {
    Set<String> known = new java.util.HashSet<>();
    plan.experiments().forEach(e -> known.add(e.name()));
    for (String name : experiments) {
      if (!known.contains(name)) {
        throw new IllegalArgumentException(
            "sweep '" + plan.sweep() + "' has no experiment '" + name + "'");
      }
    }
    List<ExperimentPlan> out = new ArrayList<>();
    boolean found = false;
    for (ExperimentPlan e : plan.experiments()) {
      if (!experiments.isEmpty() && !experiments.contains(e.name())) {
        out.add(e);
        continue;
      }
      Map<String, StageRef> renamed = new HashMap<>();
      List<PlannedStage> stages = new ArrayList<>();
      for (PlannedStage s : e.stages()) {
        ObjectNode params = s.params();
        boolean changed = false;
        if (s.id().equals(stageId)) {
          params.put(PARAM, params.path(PARAM).asInt(0) + 1);
          changed = true;
          found = true;
        }
        List<StageRef> inputs = new ArrayList<>();
        for (StageRef in : s.inputs()) {
          StageRef now = renamed.getOrDefault(in.key(), in);
          changed |= now != in;
          inputs.add(now);
        }
        if (!changed) {
          stages.add(s);
          continue;
        }
        String key =
            ContentAddress.key(
                s.kind(), s.kindVersion(), params, inputs.stream().map(StageRef::key).toList());
        PlannedStage again =
            new PlannedStage(
                s.id(), s.kind(), s.kindVersion(), key, params, inputs, s.retry(), s.traits());
        renamed.put(s.key(), again.ref());
        stages.add(again);
      }
      out.add(new ExperimentPlan(e.name(), e.axisValues(), stages));
    }
    if (!found) {
      throw new IllegalArgumentException(
          "no chosen experiment of sweep '" + plan.sweep() + "' has a stage '" + stageId + "'");
    }
    return new SweepPlan(plan.sweep(), plan.recipe(), plan.parallelism(), out, plan.budgets());
  }
}
