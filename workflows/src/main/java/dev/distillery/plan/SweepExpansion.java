package dev.distillery.plan;

import dev.distillery.recipe.Budget;
import dev.distillery.recipe.Sweep;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * A sweep's experiments, planned one at a time as they are iterated, in the order of {@link
 * SweepPlanner#plan(Sweep)}. Holds the sweep, not its experiments: each iteration plans them again,
 * and an experiment is garbage once the caller lets go of it.
 */
public final class SweepExpansion implements Iterable<ExperimentPlan> {
  private final Sweep sweep;
  private final ParamResolver resolver;
  private final long size;

  SweepExpansion(Sweep sweep, ParamResolver resolver) {
    this.sweep = sweep;
    this.resolver = resolver;
    this.size = SweepPlanner.count(sweep);
  }

  /** The sweep that is expanded. */
  public Sweep sweep() {
    return sweep;
  }

  /** How many experiments iterating gives ({@link Long#MAX_VALUE}: at least that many). */
  public long size() {
    return size;
  }

  @Override
  public Iterator<ExperimentPlan> iterator() {
    return SweepPlanner.experiments(sweep, resolver);
  }

  /**
   * Every experiment in one plan, as the sweep workflow receives it.
   *
   * @throws IllegalStateException when there are more experiments than a list holds
   */
  public SweepPlan toPlan() {
    if (size > Integer.MAX_VALUE - 8) {
      throw new IllegalStateException(size + " experiments do not fit one plan");
    }
    List<ExperimentPlan> experiments = new ArrayList<>((int) size);
    forEach(experiments::add);
    Map<String, Budget> budgets = sweep.budgets();
    return new SweepPlan(
        sweep.name(), sweep.recipe().name(), sweep.parallelism(), experiments, budgets);
  }
}
