package dev.distillery.plan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.distillery.recipe.Axis;
import dev.distillery.recipe.ExplicitExperiment;
import dev.distillery.recipe.Recipe;
import dev.distillery.recipe.Seeds;
import dev.distillery.recipe.StageKind;
import dev.distillery.recipe.StageKinds;
import dev.distillery.recipe.StageSpec;
import dev.distillery.recipe.Sweep;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Expands a sweep into experiments and resolves every stage's content address. Deterministic: the
 * same sweep always gives the same plan, in the same order.
 */
public final class SweepPlanner {
  private SweepPlanner() {}

  /**
   * Plans a sweep: one experiment per combination of grid values (the cartesian product, first axis
   * varying slowest, then the zip axes together, then the explicit experiments, then the seeds), or
   * a single experiment named {@code base} when there are none. An explicit experiment is named by
   * its name (joined after any axis labels).
   *
   * <p>Experiment names join {@code <param>-<value>} per axis with {@code _}, for example {@code
   * keep-0.25_n-2}; an axis is labelled {@code <stage>.<param>} when two axes share a param name.
   * The seeds are one axis named {@code seed}, last: {@code keep-0.25_n-2_seed-1}; its value goes
   * into the {@code seed} param of each of the sweep's seeded stages.
   *
   * @throws IllegalArgumentException when an axis names a stage the recipe lacks (a validated sweep
   *     never does)
   */
  public static SweepPlan plan(Sweep sweep) {
    return plan(sweep, ParamResolver.NONE);
  }

  /** Plans a sweep, letting {@code resolver} complete each stage's params before hashing. */
  public static SweepPlan plan(Sweep sweep, ParamResolver resolver) {
    List<List<Choice>> dims = dimensions(sweep);
    List<ExperimentPlan> experiments = new ArrayList<>();
    Set<String> names = new HashSet<>();
    int[] choice = new int[dims.size()];
    do {
      Map<String, String> axisValues = new LinkedHashMap<>();
      Map<String, Map<String, JsonNode>> overrides = new HashMap<>();
      List<String> nameParts = new ArrayList<>();
      for (int d = 0; d < dims.size(); d++) {
        Choice c = dims.get(d).get(choice[d]);
        nameParts.add(c.label());
        for (int i = 0; i < c.axes().size(); i++) {
          Axis axis = c.axes().get(i);
          JsonNode value = axis.values().get(c.index());
          overrides
              .computeIfAbsent(axis.stageId(), k -> new LinkedHashMap<>())
              .put(axis.paramPath(), value);
          axisValues.put(c.shownAs() == null ? axis.path() : c.shownAs(), render(value));
        }
      }
      String name = unique(dims.isEmpty() ? "base" : String.join("_", nameParts), names);
      experiments.add(
          new ExperimentPlan(name, axisValues, stages(sweep.recipe(), overrides, resolver)));
    } while (next(choice, dims));
    return new SweepPlan(
        sweep.name(), sweep.recipe().name(), sweep.parallelism(), experiments, sweep.budgets());
  }

  /**
   * One value of a dimension: value {@code index} of each of {@code axes}, named {@code label}.
   * {@code shownAs} is the one axis-value key that stands for all the axes, or null to show each
   * axis by its path.
   */
  private record Choice(List<Axis> axes, int index, String label, String shownAs) {
    Choice(List<Axis> axes, int index, String label) {
      this(axes, index, label, null);
    }
  }

  /** Each grid axis alone, then the zip axes together, the explicit experiments, the seeds. */
  private static List<List<Choice>> dimensions(Sweep sweep) {
    List<Axis> named = new ArrayList<>(sweep.grid());
    named.addAll(sweep.zip());
    List<String> labels = labels(named, !sweep.seeds().values().isEmpty());
    List<List<Choice>> dims = new ArrayList<>();
    for (int a = 0; a < sweep.grid().size(); a++) {
      Axis axis = sweep.grid().get(a);
      List<Choice> choices = new ArrayList<>();
      for (int i = 0; i < axis.values().size(); i++) {
        choices.add(new Choice(List.of(axis), i, label(labels.get(a), axis, i)));
      }
      dims.add(choices);
    }
    if (!sweep.zip().isEmpty()) {
      List<Choice> choices = new ArrayList<>();
      for (int i = 0; i < sweep.zip().get(0).values().size(); i++) {
        List<String> parts = new ArrayList<>();
        for (int z = 0; z < sweep.zip().size(); z++) {
          parts.add(label(labels.get(sweep.grid().size() + z), sweep.zip().get(z), i));
        }
        choices.add(new Choice(sweep.zip(), i, String.join("_", parts)));
      }
      dims.add(choices);
    }
    if (!sweep.experiments().isEmpty()) {
      List<Choice> choices = new ArrayList<>();
      for (ExplicitExperiment e : sweep.experiments()) {
        choices.add(new Choice(e.settings(), 0, e.name()));
      }
      dims.add(choices);
    }
    if (!sweep.seeds().values().isEmpty()) {
      List<Axis> seeded = sweep.seeds().axes();
      List<Choice> choices = new ArrayList<>();
      for (int i = 0; i < sweep.seeds().values().size(); i++) {
        String label = Seeds.AXIS + "-" + sweep.seeds().values().get(i);
        choices.add(new Choice(seeded, i, label, Seeds.AXIS));
      }
      dims.add(choices);
    }
    return dims;
  }

  private static String label(String label, Axis axis, int index) {
    return label + "-" + sanitize(render(axis.values().get(index)));
  }

  /** How many distinct stages (distinct content keys) the plan runs. */
  public static int uniqueStages(SweepPlan plan) {
    Set<String> keys = new HashSet<>();
    for (ExperimentPlan experiment : plan.experiments()) {
      for (PlannedStage stage : experiment.stages()) {
        keys.add(stage.key());
      }
    }
    return keys.size();
  }

  private static List<PlannedStage> stages(
      Recipe recipe, Map<String, Map<String, JsonNode>> overrides, ParamResolver resolver) {
    for (String stageId : overrides.keySet()) {
      if (recipe.stage(stageId).isEmpty()) {
        throw new IllegalArgumentException("grid names unknown stage '" + stageId + "'");
      }
    }
    Map<String, PlannedStage> byId = new HashMap<>();
    List<PlannedStage> planned = new ArrayList<>();
    for (StageSpec spec : recipe.stages()) {
      StageKind kind =
          StageKinds.find(spec.kind())
              .orElseThrow(() -> new IllegalArgumentException("unknown kind " + spec.kind()));
      ObjectNode written = spec.params();
      overrides.getOrDefault(spec.id(), Map.of()).forEach(written::set);
      ObjectNode params = resolver.resolve(kind.name(), written);
      List<StageRef> inputs = new ArrayList<>();
      for (String input : spec.inputs()) {
        inputs.add(byId.get(input).ref());
      }
      String key =
          ContentAddress.key(
              kind.name(), kind.version(), params, inputs.stream().map(StageRef::key).toList());
      PlannedStage stage =
          new PlannedStage(
              spec.id(), kind.name(), kind.version(), key, params, inputs, spec.retry());
      byId.put(spec.id(), stage);
      planned.add(stage);
    }
    return planned;
  }

  /** Advances the odometer, last dimension fastest; false when every combination was visited. */
  private static boolean next(int[] choice, List<List<Choice>> dims) {
    for (int a = dims.size() - 1; a >= 0; a--) {
      if (++choice[a] < dims.get(a).size()) {
        return true;
      }
      choice[a] = 0;
    }
    return false;
  }

  /** Each axis's label; with {@code seeded}, a {@code seed} param is told apart from the seeds. */
  private static List<String> labels(List<Axis> axes, boolean seeded) {
    Map<String, Integer> counts = new HashMap<>();
    if (seeded) {
      counts.put(Seeds.AXIS, 1);
    }
    for (Axis axis : axes) {
      counts.merge(axis.paramPath(), 1, Integer::sum);
    }
    List<String> labels = new ArrayList<>();
    for (Axis axis : axes) {
      boolean shared = counts.get(axis.paramPath()) > 1;
      labels.add(shared ? axis.stageId() + "." + axis.paramPath() : axis.paramPath());
    }
    return labels;
  }

  /** Numbers normalized (0.50 becomes 0.5), strings as written, anything else as canonical JSON. */
  static String render(JsonNode value) {
    if (value.isTextual()) {
      return value.asText();
    }
    if (value.isNumber()) {
      return ContentAddress.number(value);
    }
    return ContentAddress.canonicalJson(value);
  }

  private static String sanitize(String value) {
    return value.replaceAll("[^A-Za-z0-9._-]", "_");
  }

  /** Sanitizing can make two names equal; later ones get a numeric suffix. */
  private static String unique(String name, Set<String> taken) {
    String candidate = name;
    for (int i = 2; !taken.add(candidate); i++) {
      candidate = name + "-" + i;
    }
    return candidate;
  }
}
