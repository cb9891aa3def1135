package dev.distillery.recipe;

import java.util.List;
import java.util.Map;

/**
 * A validated sweep: a base recipe, the axes that vary it and the seeds that repeat it.
 *
 * @param name the sweep's name; workflow ids start with it
 * @param recipe the base recipe
 * @param parallelism how many experiments run at once
 * @param grid axes whose cartesian product gives the experiments; empty means one experiment
 * @param zip axes of equal length that vary together, as one more dimension of the product
 * @param experiments experiments listed by name, as one more dimension of the product (empty: none)
 * @param budgets spending limits by endpoint {@code base_url}
 * @param seeds the seeds every experiment is repeated with, as the last dimension of the product
 *     ({@link Seeds#NONE}: no repeats)
 */
public record Sweep(
    String name,
    Recipe recipe,
    int parallelism,
    List<Axis> grid,
    List<Axis> zip,
    List<ExplicitExperiment> experiments,
    Map<String, Budget> budgets,
    Seeds seeds) {
  public Sweep {
    grid = List.copyOf(grid);
    zip = List.copyOf(zip);
    experiments = List.copyOf(experiments);
    budgets = Map.copyOf(budgets);
    seeds = seeds == null ? Seeds.NONE : seeds;
  }

  /** A sweep with a grid only. */
  public Sweep(String name, Recipe recipe, int parallelism, List<Axis> grid) {
    this(name, recipe, parallelism, grid, List.of(), List.of(), Map.of(), Seeds.NONE);
  }
}
