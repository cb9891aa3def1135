package dev.distillery.plan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.distillery.recipe.Axis;
import dev.distillery.recipe.ExplicitExperiment;
import dev.distillery.recipe.Seeds;
import dev.distillery.recipe.StageKind;
import dev.distillery.recipe.StageKinds;
import dev.distillery.recipe.StageSpec;
import dev.distillery.recipe.Sweep;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.TreeSet;

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
    return expand(sweep, resolver).toPlan();
  }

  /**
   * The experiments of a sweep, in {@link #plan(Sweep)}'s order, made one at a time as they are
   * iterated: a sweep of a million experiments is checked or listed without holding them.
   */
  public static SweepExpansion expand(Sweep sweep, ParamResolver resolver) {
    return new SweepExpansion(sweep, resolver);
  }

  /**
   * How many experiments a sweep has, without expanding it: the product of its dimensions' sizes,
   * or {@link Long#MAX_VALUE} when that does not fit a long.
   */
  public static long count(Sweep sweep) {
    long count = 1;
    for (List<Choice> dim : dimensions(sweep)) {
      if (count > Long.MAX_VALUE / dim.size()) {
        return Long.MAX_VALUE;
      }
      count *= dim.size();
    }
    return count;
  }

  /** The experiments of {@code sweep} one at a time, for {@link SweepExpansion}. */
  static Iterator<ExperimentPlan> experiments(Sweep sweep, ParamResolver resolver) {
    return new Experiments(sweep, dimensions(sweep), resolver);
  }

  /**
   * The odometer over the dimensions, last fastest. A stage is planned again only when a dimension
   * that sets one of its params moved or an input's key changed; otherwise the experiment shares
   * the previous one's planned stage, so a million experiments hash only the stages that differ.
   */
  private static final class Experiments implements Iterator<ExperimentPlan> {
    private final ParamResolver resolver;
    private final List<StageSpec> specs;
    private final StageKind[] kinds;
    private final int[][] inputs;

    /** Per stage, the dimensions that set one of its params. */
    private final int[][] dimsSetting;

    /** Per dimension and choice, what it names, shows and sets. */
    private final Chosen[][] chosen;

    private final PlannedStage[] last;
    private final int[] choice;
    private final int[] previous;

    /** Names seen so far, only when sanitized labels could make two names equal. */
    private final Set<String> names;

    private boolean first = true;
    private boolean more = true;

    Experiments(Sweep sweep, List<List<Choice>> dims, ParamResolver resolver) {
      this.resolver = resolver;
      this.specs = sweep.recipe().stages();
      int n = specs.size();
      Map<String, Integer> index = new HashMap<>();
      kinds = new StageKind[n];
      inputs = new int[n][];
      for (int s = 0; s < n; s++) {
        StageSpec spec = specs.get(s);
        kinds[s] =
            StageKinds.find(spec.kind())
                .orElseThrow(() -> new IllegalArgumentException("unknown kind " + spec.kind()));
        inputs[s] = spec.inputs().stream().mapToInt(index::get).toArray();
        index.put(spec.id(), s);
      }
      chosen = new Chosen[dims.size()][];
      List<Set<Integer>> setting = new ArrayList<>();
      for (int s = 0; s < n; s++) {
        setting.add(new TreeSet<>());
      }
      for (int d = 0; d < dims.size(); d++) {
        chosen[d] = new Chosen[dims.get(d).size()];
        for (int i = 0; i < chosen[d].length; i++) {
          Choice c = dims.get(d).get(i);
          List<Setting> settings = new ArrayList<>();
          String[] shown = new String[c.axes().size() * 2];
          for (int a = 0; a < c.axes().size(); a++) {
            Axis axis = c.axes().get(a);
            Integer stage = index.get(axis.stageId());
            if (stage == null) {
              throw new IllegalArgumentException(
                  "grid names unknown stage '" + axis.stageId() + "'");
            }
            JsonNode value = axis.values().get(c.index());
            settings.add(new Setting(stage, axis.paramPath(), value));
            setting.get(stage).add(d);
            shown[2 * a] = c.shownAs() == null ? axis.path() : c.shownAs();
            shown[2 * a + 1] = render(value);
          }
          chosen[d][i] = new Chosen(c.label(), shown, settings);
        }
      }
      dimsSetting = new int[n][];
      for (int s = 0; s < n; s++) {
        dimsSetting[s] = setting.get(s).stream().mapToInt(Integer::intValue).toArray();
      }
      last = new PlannedStage[n];
      choice = new int[dims.size()];
      previous = new int[dims.size()];
      names = namesAreUnique(dims) ? null : new HashSet<>();
    }

    @Override
    public boolean hasNext() {
      return more;
    }

    @Override
    public ExperimentPlan next() {
      if (!more) {
        throw new NoSuchElementException();
      }
      Map<String, String> axisValues = new LinkedHashMap<>();
      StringBuilder name = new StringBuilder();
      for (int d = 0; d < chosen.length; d++) {
        Chosen c = chosen[d][choice[d]];
        name.append(d == 0 ? "" : "_").append(c.label());
        for (int a = 0; a < c.shown().length; a += 2) {
          axisValues.put(c.shown()[a], c.shown()[a + 1]);
        }
      }
      String named = chosen.length == 0 ? "base" : name.toString();
      ExperimentPlan experiment =
          new ExperimentPlan(names == null ? named : unique(named, names), axisValues, stages());
      first = false;
      System.arraycopy(choice, 0, previous, 0, choice.length);
      more = advance();
      return experiment;
    }

    /** Advances the odometer, last dimension fastest; false when every combination was visited. */
    private boolean advance() {
      for (int d = choice.length - 1; d >= 0; d--) {
        if (++choice[d] < chosen[d].length) {
          return true;
        }
        choice[d] = 0;
      }
      return false;
    }

    private List<PlannedStage> stages() {
      boolean[] keyChanged = new boolean[specs.size()];
      for (int s = 0; s < specs.size(); s++) {
        boolean again = first;
        for (int d : dimsSetting[s]) {
          again |= choice[d] != previous[d];
        }
        for (int input : inputs[s]) {
          again |= keyChanged[input];
        }
        if (again) {
          PlannedStage stage = plan(s);
          keyChanged[s] = last[s] == null || !last[s].key().equals(stage.key());
          last[s] = stage;
        }
      }
      return List.of(last);
    }

    private PlannedStage plan(int s) {
      StageSpec spec = specs.get(s);
      ObjectNode written = spec.params();
      for (int d : dimsSetting[s]) {
        for (Setting setting : chosen[d][choice[d]].settings()) {
          if (setting.stage() == s) {
            written.set(setting.param(), setting.value());
          }
        }
      }
      ObjectNode params = resolver.resolve(kinds[s].name(), written);
      List<StageRef> refs = new ArrayList<>();
      List<String> keys = new ArrayList<>();
      for (int input : inputs[s]) {
        refs.add(last[input].ref());
        keys.add(last[input].key());
      }
      String key = ContentAddress.key(kinds[s].name(), kinds[s].version(), params, keys);
      return new PlannedStage(
          spec.id(),
          kinds[s].name(),
          kinds[s].version(),
          key,
          params,
          refs,
          spec.retry(),
          StageKinds.traits(kinds[s].name(), params));
    }
  }

  /**
   * A choice made ready to expand: its label, its axis values as (key, shown value) pairs, and the
   * params it sets.
   */
  private record Chosen(String label, String[] shown, List<Setting> settings) {}

  /** A param value that a choice sets on the stage at index {@code stage} of the recipe. */
  private record Setting(int stage, String param, JsonNode value) {}

  /**
   * Whether joining one label per dimension always gives distinct names: each dimension's labels
   * are distinct and have the same number of {@code _}, so a name splits back into its labels.
   * Otherwise sanitizing may have made two names equal and later ones need a suffix.
   */
  private static boolean namesAreUnique(List<List<Choice>> dims) {
    for (List<Choice> dim : dims) {
      Set<String> labels = new HashSet<>();
      long underscores = dim.get(0).label().chars().filter(ch -> ch == '_').count();
      for (Choice c : dim) {
        if (!labels.add(c.label())
            || c.label().chars().filter(ch -> ch == '_').count() != underscores) {
          return false;
        }
      }
    }
    return true;
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
    return uniqueStages(plan.experiments());
  }

  /** How many distinct stages (distinct content keys) these experiments run. */
  public static int uniqueStages(Iterable<ExperimentPlan> experiments) {
    StageKeySet keys = new StageKeySet();
    for (ExperimentPlan experiment : experiments) {
      for (PlannedStage stage : experiment.stages()) {
        keys.add(stage.key());
      }
    }
    return keys.size();
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
