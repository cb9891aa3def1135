package dev.distillery.recipe;

import java.util.List;
import java.util.Map;

/**
 * A validated sweep: a base recipe and the grid axes that vary it.
 *
 * @param name the sweep's name; workflow ids start with it
 * @param recipe the base recipe
 * @param parallelism how many experiments run at once
 * @param grid axes whose cartesian product gives the experiments; empty means one experiment
 * @param zip axes of equal length that vary together, as one more dimension of the product
 * @param experiments experiments listed by name, as one more dimension of the product (empty: none)
 * @param budgets spending limits by endpoint {@code base_url}
 */
public record Sweep(
    String name,
    Recipe recipe,
    int parallelism,
    List<Axis> grid,
    List<Axis> zip,
    List<ExplicitExperiment> experiments,
    Map<String, Budget> budgets) {
  public Sweep {
    grid = List.copyOf(grid);
    zip = List.copyOf(zip);
    experiments = List.copyOf(experiments);
    budgets = Map.copyOf(budgets);
  }

  /** A sweep with a grid only. */
  public Sweep(String name, Recipe recipe, int parallelism, List<Axis> grid) {
    this(name, recipe, parallelism, grid, List.of(), List.of(), Map.of());
  }
}
